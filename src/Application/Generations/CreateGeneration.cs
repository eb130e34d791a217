using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

public sealed record CreateGenerationCommand(
    Guid UserId, MusicModel Model, bool CustomMode, string? Prompt, string? Style, string? Title, bool Instrumental, string? IdempotencyKey);

/// <summary>
/// Validates, reserves quota + allocation + a pool token, and stores the generation PENDING
/// with its job in one transaction. A retry with the same idempotency key returns the first
/// generation and is charged once.
/// </summary>
public sealed class CreateGeneration(IAppDbContext db, ITokenLedger ledger, IGenerationEvents events, IDistributedLock locks, TimeProvider clock)
{
    public const int MaxIdempotencyKeyLength = 100;

    public async Task<Result<Generation>> HandleAsync(CreateGenerationCommand command, CancellationToken cancellationToken)
    {
        var request = GenerationRequest.Create(command.Model, command.CustomMode, command.Prompt, command.Style, command.Title, command.Instrumental);
        if (!request.IsSuccess)
        {
            return request.Error!;
        }

        var key = string.IsNullOrWhiteSpace(command.IdempotencyKey) ? null : command.IdempotencyKey.Trim();
        if (key is { Length: > MaxIdempotencyKeyLength })
        {
            return Error.Validation("idempotencyKey", $"must be at most {MaxIdempotencyKeyLength} characters.");
        }

        if (key is null)
        {
            return await StartAsync(command, request.Value, null, cancellationToken);
        }

        // Concurrent retries with one key take turns, so only the first reserves and the rest find it.
        await using var turn = await locks.AcquireAsync($"idempotency:{command.UserId:N}:{key}", cancellationToken);
        return await FindByKeyAsync(command.UserId, key, cancellationToken) is { } earlier
            ? earlier
            : await StartAsync(command, request.Value, key, cancellationToken);
    }

    private async Task<Result<Generation>> StartAsync(CreateGenerationCommand command, GenerationRequest request, string? key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var reservation = await ledger.ReserveAsync(command.UserId, command.Model, $"generation {id}", cancellationToken);
        if (!reservation.IsSuccess)
        {
            return reservation.Error!;
        }

        Generation generation;
        try
        {
            generation = Generation.Start(id, command.UserId, request, reservation.Value.ReservationId, key, now);
            db.Generations.Add(generation);
            db.GenerationJobs.Add(GenerationJob.SubmitNow(id, now));
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception failure)
        {
            // Whatever failed (the database, a timeout or cancelled request, a bug), the generation was
            // not stored: give the reservation back, then let the failure go on.
            await ReleaseAfterAsync(reservation.Value.ReservationId, id, failure);
            throw;
        }

        await events.PublishChangedAsync(id, command.UserId, cancellationToken);
        return generation;
    }

    private async Task ReleaseAfterAsync(Guid reservationId, Guid id, Exception failure)
    {
        try
        {
            await ledger.ReleaseAsync(reservationId, $"generation {id} not stored", CancellationToken.None);
        }
        catch (Exception releaseFailure)
        {
            // Neither error is hidden; the reservation sweeper releases what is left.
            throw new AggregateException($"Generation {id} was not stored and its reservation could not be released", failure, releaseFailure);
        }
    }

    private Task<Generation?> FindByKeyAsync(Guid userId, string key, CancellationToken ct) =>
        db.Generations.AsNoTracking().Include(g => g.Tracks).SingleOrDefaultAsync(g => g.UserId == userId && g.IdempotencyKey == key, ct);
}
