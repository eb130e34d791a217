using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Redis;

/// <summary>Backplane events travel as typed records: read once per instance, the same object for every handler.</summary>
[Collection(ApiCollection.Name)]
public class BackplaneEventTests(ApiFactory api)
{
    [Fact]
    public async Task AnEventPublishedOnOneInstance_ReachesEveryHandlerOnAnother_AsOneTypedObject()
    {
        await using var publisher = api.With();
        await using var receiver = api.With();
        var feed = receiver.Services.GetRequiredService<IEventFeed>();
        var first = new TaskCompletionSource<GenerationChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource<GenerationChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = new GenerationChanged(Guid.NewGuid(), Guid.NewGuid());
        using var a = await feed.SubscribeAsync<GenerationChanged>(GenerationChanged.TopicName, e => { if (e.GenerationId == sent.GenerationId) first.TrySetResult(e); }, () => { });
        using var b = await feed.SubscribeAsync<GenerationChanged>(GenerationChanged.TopicName, e => { if (e.GenerationId == sent.GenerationId) second.TrySetResult(e); }, () => { });

        await publisher.Services.GetRequiredService<IEventFeed>().PublishAsync(sent, CancellationToken.None);

        var received = await first.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(sent, received); // the same record, field by field, from the other instance
        Assert.Same(received, await second.Task.WaitAsync(TimeSpan.FromSeconds(20))); // read once, shared by the handlers
    }

    [Fact]
    public async Task SubscribingToATopicAsAnotherEventType_IsRefused()
    {
        var feed = api.Services.GetRequiredService<IEventFeed>();
        using var pool = await feed.SubscribeAsync<PoolChanged>(PoolChanged.TopicName, _ => { }, () => { });

        await Assert.ThrowsAsync<InvalidOperationException>(() => feed.SubscribeAsync<GenerationChanged>(PoolChanged.TopicName, _ => { }, () => { }));
    }
}
