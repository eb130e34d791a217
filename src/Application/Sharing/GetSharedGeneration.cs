using Microsoft.EntityFrameworkCore;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Domain.Generations;
using Son1kVers3.Domain.Sharing;

namespace Son1kVers3.Application.Sharing;

/// <summary>Anyone may read a shared generation by its slug; nothing else of its owner.</summary>
public sealed class GetSharedGeneration(IAppDbContext db)
{
    public async Task<(Share Share, Generation Generation)?> HandleAsync(string slug, CancellationToken ct)
    {
        var found = await (from s in db.Shares.AsNoTracking()
                           join g in db.Generations.AsNoTracking() on s.GenerationId equals g.Id
                           where s.Slug == slug
                           select new { s, g }).SingleOrDefaultAsync(ct);
        return found is null ? null : (found.s, found.g);
    }
}
