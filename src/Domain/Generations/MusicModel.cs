namespace Son1kVers3.Domain.Generations;

public enum MusicModel
{
    V3_5,
    V5,
}
