using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Plans;
using Son1kVers3.Infrastructure.Persistence;

namespace Son1kVers3.Integration.Tests.Support;

/// <summary>Data written straight through the domain, for tests about reading it.</summary>
public static class Seed
{
    public static Guid IdOf(string globalId) => Guid.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(globalId)).Split(':')[1]);

    /// <summary>Where the test server's embedded simulator serves its WAV files (made in process when fetched by the server).</summary>
    public const string SimulatorAudio = "http://localhost:3001/simulator/audio";

    /// <summary>Generations with two tracks each; with <paramref name="audioBase"/>, their audio is <c>{audioBase}/{clipId}.wav</c>.</summary>
    public static async Task<Guid[]> CompletedGenerationsAsync(ApiFactory api, string userGlobalId, int count, bool complete = true, string? audioBase = null)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var userId = IdOf(userGlobalId);
        var now = DateTimeOffset.UtcNow;
        var request = GenerationRequest.Create(MusicModel.V5, false, "seeded", null, null, false).Value;
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var g = Generation.Start(Guid.CreateVersion7(now.AddMilliseconds(i)), userId, request, Guid.NewGuid(), null, now.AddMilliseconds(i));
            g.MarkSubmitted($"seed-{Guid.NewGuid():N}", now);
            ProviderTrack Clip(string s) => audioBase is null
                ? new($"{g.Id:N}-{s}", "Seeded", complete ? $"https://cdn.example/{g.Id:N}-{s}.mp3" : null, "https://cdn.example/stream", null, complete ? 120 : null, null)
                : new($"{g.Id:N}-{s}", "Seeded", complete ? $"{audioBase}/{g.Id:N}-{s}.wav" : null, $"{audioBase}/{g.Id:N}-{s}.wav", null, complete ? 8 : null, null);
            g.Apply(new ProviderUpdate(complete ? ProviderStage.Complete : ProviderStage.FirstReady, [Clip("a"), Clip("b")]), now);
            db.Generations.Add(g);
            ids.Add(g.Id);
        }

        await db.SaveChangesAsync();
        return [.. ids];
    }

    /// <summary>A generation the provider accepted as <paramref name="taskId"/> (QUEUED, no job: only callbacks move it); its global id.</summary>
    public static async Task<string> SubmittedGenerationAsync(ApiFactory api, string userGlobalId, string taskId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var request = GenerationRequest.Create(MusicModel.V5, false, "seeded", null, null, false).Value;
        var g = Generation.Start(Guid.CreateVersion7(now), IdOf(userGlobalId), request, Guid.NewGuid(), null, now);
        g.MarkSubmitted(taskId, now);
        db.Generations.Add(g);
        await db.SaveChangesAsync();
        return Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"Generation:{g.Id:N}"));
    }

    /// <summary>
    /// Removes every job left in the shared database by earlier tests (most run without a worker),
    /// so a worker this test starts works on this test's jobs alone instead of a backlog.
    /// </summary>
    public static async Task DropLeftoverJobsAsync(ApiFactory api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync("DELETE FROM generation_jobs");
    }

    public static async Task SetTierAsync(ApiFactory api, string email, Tier tier)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.ChangeTier(tier);
        await db.SaveChangesAsync();
    }

    /// <summary>The ledger movements of a generation's reservation, in order (Reserve, then Commit or Release).</summary>
    public static async Task<string[]> MovementsAsync(ApiFactory api, string generationGlobalId)
    {
        var id = IdOf(generationGlobalId);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var reservationId = await db.Generations.Where(g => g.Id == id).Select(g => g.ReservationId).SingleAsync();
        return (await db.TokenMovements.Where(m => m.ReservationId == reservationId).OrderBy(m => m.Id).Select(m => m.Kind).ToListAsync())
            .Select(k => k.ToString()).ToArray();
    }

    public static async Task<string?> ProviderTaskIdAsync(ApiFactory api, string generationGlobalId)
    {
        var id = IdOf(generationGlobalId);
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Generations.Where(g => g.Id == id).Select(g => g.ProviderTaskId).SingleAsync();
    }
}
