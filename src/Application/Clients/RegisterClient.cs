using System.Security.Cryptography;
using System.Text;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Clients;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.TokenPool;

namespace Son1kVers3.Application.Clients;

/// <summary>What the edge proxy and the app tell about one app start.</summary>
public sealed record RegisterClientCommand(string InstallId, string? UserAgent, string? Country, string? City, string Address, Guid? UserId);

public sealed record ClientRegistration(bool NewToday, DailyPool Pool);

/// <summary>Registers an app start (DOMAIN.md §3) and answers today's pool.</summary>
public sealed class RegisterClient(IClientRegistry registry, ITokenLedger ledger, ClientSettings settings, TimeProvider clock)
{
    public const int MinInstallIdLength = 8;
    public const int MaxInstallIdLength = 200;
    public const int MaxUserAgentLength = 512;

    public async Task<Result<ClientRegistration>> HandleAsync(RegisterClientCommand command, CancellationToken cancellationToken)
    {
        var installId = command.InstallId.Trim();
        if (installId.Length is < MinInstallIdLength or > MaxInstallIdLength)
        {
            return Error.Validation("installId", $"must be {MinInstallIdLength} to {MaxInstallIdLength} characters (a random id the app keeps in local storage).");
        }

        var now = clock.GetUtcNow();
        var visit = new ClientVisit(
            HashInstallId(installId),
            Truncate(command.UserAgent, MaxUserAgentLength),
            Country(command.Country),
            City(command.City),
            command.Address,
            command.UserId,
            now);
        var recorded = await registry.RecordVisitAsync(visit, settings.MaxNewClientsPerAddressPerDay, cancellationToken);
        if (!recorded.IsSuccess)
        {
            return recorded.Error!;
        }

        return new ClientRegistration(recorded.Value, await ledger.GetPoolAsync(UtcDay.Of(now), cancellationToken));
    }

    public static string HashInstallId(string installId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("son1kvers3-install:" + installId)));

    public const int MaxCityLength = 80;

    /// <summary>An ISO 3166 alpha-2 code (two letters, upper-cased); anything else, and Cloudflare's XX/T1, is Unknown.</summary>
    private static string Country(string? value) =>
        value?.Trim() is { Length: 2 } code && code.All(char.IsAsciiLetter) && !code.Equals("XX", StringComparison.OrdinalIgnoreCase)
            ? code.ToUpperInvariant()
            : Client.Unknown;

    /// <summary>At most <see cref="MaxCityLength"/> printable characters; control and format characters and broken surrogates are dropped.</summary>
    private static string City(string? value)
    {
        var city = new StringBuilder();
        foreach (var rune in (value ?? "").Trim().EnumerateRunes())
        {
            if (rune == Rune.ReplacementChar || Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format)
            {
                continue;
            }

            if (city.Length + rune.Utf16SequenceLength > MaxCityLength)
            {
                break;
            }

            city.Append(rune.ToString());
        }

        var text = city.ToString().Trim();
        return text.Length == 0 ? Client.Unknown : text;
    }

    private static string? Truncate(string? value, int max) =>
        value is null ? null : value.Length <= max ? value : value[..max];
}
