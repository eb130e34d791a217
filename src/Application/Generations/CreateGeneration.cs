using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Common;
using Son1kVers3.Domain.Common;
using Son1kVers3.Domain.Generations;

namespace Son1kVers3.Application.Generations;

public sealed record CreateGenerationCommand(
    Guid UserId, MusicModel Model, bool CustomMode, string? Prompt, string? Style, string? Title, bool Instrumental, string? IdempotencyKey);

/// <summary>
/// Validates, reserves quota + allocation + a pool token, and stores the generation PENDING
/// with its job, all committed together before the answer (see <see cref="IGenerationIntake"/>). A retry with the same idempotency key and input returns the
/// first generation and is charged once; the same key with another input is refused.
/// </summary>
public sealed class CreateGeneration(IAppDbContext db, IGenerationIntake intake, IGenerationEvents events, IIdempotencyClaims claims, TimeProvider clock)
{
    public const int MaxIdempotencyKeyLength = IdempotencyClaim.MaxKeyLength;

    /// <summary>A claim whose request made nothing for this long is taken over by the next retry.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstPollPause = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestPollPause = TimeSpan.FromMilliseconds(200);

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

        return key is null
            ? await StartAsync(command, request.Value, null, cancellationToken)
            : await StartOnceAsync(command, request.Value, key, cancellationToken);
    }

    /// <summary>
    /// The first request with a key claims it (one short insert) and creates; concurrent retries
    /// poll for that generation without holding a connection, for at most <see cref="Contention.MaxWait"/>.
    /// </summary>
    private async Task<Result<Generation>> StartOnceAsync(CreateGenerationCommand command, GenerationRequest request, string key, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + Contention.MaxWait;
        var pause = FirstPollPause;
        while (true)
        {
            switch (await claims.ClaimAsync(command.UserId, key, request.Fingerprint(), AbandonedAfter, ct))
            {
                case ClaimOutcome.Claimed:
                    return await StartClaimedAsync(command, request, key, ct);
                case ClaimOutcome.HeldWithOtherInput:
                    return new Error(ErrorCodes.IdempotencyKeyReused, "idempotencyKey: this key was already used for a different request; use a new key for a new song.");
            }

            if (await FindByKeyAsync(command.UserId, key, ct) is { } earlier)
            {
                return earlier;
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return Contention.Busy("The first request with this idempotency key is still being processed.");
            }

            var left = deadline - clock.GetUtcNow();
            await Task.Delay(pause < left ? pause : left, clock, ct);
            pause = pause * 2 < LongestPollPause ? pause * 2 : LongestPollPause;
        }
    }

    private async Task<Result<Generation>> StartClaimedAsync(CreateGenerationCommand command, GenerationRequest request, string key, CancellationToken ct)
    {
        if (await FindByKeyAsync(command.UserId, key, ct) is { } stored)
        {
            return stored; // made by a request whose claim was given up after its generation was stored
        }

        Result<Generation> started;
        try
        {
            started = await StartAsync(command, request, key, ct);
        }
        catch
        {
            if (await FindByKeyAsync(command.UserId, key, CancellationToken.None) is null)
            {
                await claims.ForgetAsync(command.UserId, key, CancellationToken.None);
            }

            throw;
        }

        if (!started.IsSuccess)
        {
            await claims.ForgetAsync(command.UserId, key, CancellationToken.None); // refused: a retry may succeed later
        }

        return started;
    }

    private async Task<Result<Generation>> StartAsync(CreateGenerationCommand command, GenerationRequest request, string? key, CancellationToken cancellationToken)
    {
        // The reservation, the generation and its job commit together or not at all: a crash,
        // outage or cancelled request at any instant before the commit leaves nothing reserved.
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var generation = Generation.Start(id, command.UserId, request, Guid.CreateVersion7(now), key, now);
        var reservation = await intake.ReserveAndStoreAsync(generation, GenerationJob.SubmitNow(id, now), cancellationToken);
        if (!reservation.IsSuccess)
        {
            return reservation.Error!;
        }

        await events.PublishChangedAsync(id, command.UserId, cancellationToken);
        return generation;
    }

    private Task<Generation?> FindByKeyAsync(Guid userId, string key, CancellationToken ct) =>
        db.Generations.AsNoTracking().Include(g => g.Tracks).SingleOrDefaultAsync(g => g.UserId == userId && g.IdempotencyKey == key, ct);
}
