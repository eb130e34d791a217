using Son1kVers3.Domain.Common;

namespace Son1kVers3.Application.Abstractions;

/// <summary>Records browser installations and counts each once per UTC day for the pool.</summary>
public interface IClientRegistry
{
    /// <summary>Records the visit; the value says whether the client counted for today's U (its first visit today).</summary>
    Task<Result<bool>> RecordVisitAsync(ClientVisit visit, int maxNewClientsPerAddressPerDay, CancellationToken cancellationToken);
}

public sealed record ClientVisit(string InstallHash, string? UserAgent, string Country, string City, string Address, Guid? UserId, DateTimeOffset At);
