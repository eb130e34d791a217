namespace Son1kVers3.Domain.Plans;

/// <summary>Entitlements that the frontend shows and the API enforces.</summary>
public enum Tool
{
    PixelBasic,
    MusicGenerator,
    GhostStudio,
    NovaPost,
    NexusMode,
    AdminPanel,
}
