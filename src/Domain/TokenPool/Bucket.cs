namespace Son1kVers3.Domain.TokenPool;

public enum Bucket
{
    Free,
    Paid,
}
