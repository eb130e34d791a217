using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Accounts;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Accounts;

/// <summary>Null fields stay as they are; an empty display name clears it.</summary>
public sealed record UpdateProfileCommand(Guid UserId, string? DisplayName, string? Locale);

public sealed class UpdateProfile(IAppDbContext db)
{
    public async Task<Result<User>> HandleAsync(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        if (Credentials.CheckDisplayName(command.DisplayName) is { } tooLong)
        {
            return tooLong;
        }

        if (command.DisplayName?.Any(char.IsControl) == true)
        {
            return Error.Validation("displayName", "must not contain control characters.");
        }

        if (command.Locale is not null && Locales.Supported(command.Locale) is null)
        {
            return Error.Validation("locale", "must be es or en.");
        }

        var user = await db.Users.SingleAsync(u => u.Id == command.UserId, cancellationToken);
        user.UpdateProfile(command.DisplayName, command.Locale);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }
}
