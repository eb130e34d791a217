namespace Son1kVers3.Domain.Plans;

public enum Tier
{
    Free,
    Pro,
    Premium,
    Enterprise,
}
