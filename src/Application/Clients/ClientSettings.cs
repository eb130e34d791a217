using Son1kVers3.Application.Common;

namespace Son1kVers3.Application.Clients;

/// <summary>How many new clients one address may create per UTC day (abuse would inflate the pool).</summary>
public sealed record ClientSettings(int MaxNewClientsPerAddressPerDay)
{
    public static ClientSettings Read(SettingsReader settings) =>
        new(settings.Int("CLIENTS_PER_ADDRESS_PER_DAY", 20, min: 1, max: 1_000_000));
}
