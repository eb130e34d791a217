using Son1kVers3.Application.Common;
using Son1kVers3.Domain.Accounts;

namespace Son1kVers3.Infrastructure.Persistence;

/// <summary>The admin user seeded at start when both ADMIN_EMAIL and ADMIN_PASSWORD are set.</summary>
public sealed record AdminSeedSettings(string? Email, string? Password)
{
    public static AdminSeedSettings Read(SettingsReader settings)
    {
        var email = settings.Text("ADMIN_EMAIL");
        var password = settings.Text("ADMIN_PASSWORD");
        if (email is not null && !EmailAddress.LooksValid(EmailAddress.Normalize(email)))
        {
            settings.Fail("ADMIN_EMAIL", $"must be an email address; got '{email}'");
        }

        if ((email is null) != (password is null))
        {
            settings.Fail(email is null ? "ADMIN_EMAIL" : "ADMIN_PASSWORD", "must be set together with " + (email is null ? "ADMIN_PASSWORD" : "ADMIN_EMAIL"));
        }

        if (password is { Length: < 8 })
        {
            settings.Fail("ADMIN_PASSWORD", "must be at least 8 characters");
        }

        return new AdminSeedSettings(email, password);
    }

    public bool IsSet => Email is not null && Password is not null;
}
