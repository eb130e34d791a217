using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Son1kVers3.Application.Common;

/// <summary>
/// Reads settings by their environment-variable names (PORT, DATABASE_URL, …), from the
/// environment or appsettings alike, and collects every problem with a message naming the
/// variable, so that a misconfigured server stops at start saying exactly what to fix.
/// </summary>
public sealed class SettingsReader(IConfiguration configuration)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public string? Text(string key) => configuration[key] is { Length: > 0 } value ? value.Trim() : null;

    public string Required(string key, string whatItIs)
    {
        var value = Text(key);
        if (value is null)
        {
            Fail(key, $"is required: {whatItIs}");
        }

        return value ?? string.Empty;
    }

    public int Int(string key, int fallback, int min = 0, int max = int.MaxValue)
    {
        var raw = Text(key);
        if (raw is null)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Fail(key, $"must be a whole number from {min} to {max}; got '{raw}'");
        return fallback;
    }

    public bool Bool(string key, bool fallback)
    {
        var raw = Text(key);
        if (raw is null)
        {
            return fallback;
        }

        switch (raw.ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                return true;
            case "false" or "0" or "no" or "off":
                return false;
            default:
                Fail(key, $"must be true or false; got '{raw}'");
                return fallback;
        }
    }

    public IReadOnlyList<string> List(string key) =>
        Text(key)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public void Fail(string key, string message) => _errors.Add($"{key} {message}");

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new InvalidSettingsException(_errors);
        }
    }
}

public sealed class InvalidSettingsException(IReadOnlyList<string> errors)
    : Exception("The server's configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>The server cannot start for a reason outside its code (a missing database, refused credentials); the message says what to do.</summary>
public sealed class StartupFailedException(string message) : Exception(message);
