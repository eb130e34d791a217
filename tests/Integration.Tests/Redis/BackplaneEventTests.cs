using Microsoft.Extensions.DependencyInjection;
using Son1kVers3.Application.Abstractions;
using Son1kVers3.Application.Chat;
using Son1kVers3.Integration.Tests.Support;

namespace Son1kVers3.Integration.Tests.Redis;

/// <summary>Backplane events travel as typed records: read once per instance, the same object for every handler (of its key).</summary>
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
    public async Task AMessage_IsHandedOnlyToTheSubscribersOfItsKey_AndTheWholeTopic_AfterOneLookUp_NotOneCheckPerSubscriber()
    {
        const int OtherKeys = 500;
        await using var publisher = api.With();
        await using var receiver = api.With();
        var feed = receiver.Services.GetRequiredService<IEventFeed>();
        var room = Guid.NewGuid(); // a topic of its own: no other test publishes on it
        var lookUps = 0;
        var byMessage = new EventKey<ChatEvent>("ByMessage", e =>
        {
            Interlocked.Increment(ref lookUps);
            return e.MessageId;
        });
        var sent = new ChatEvent(ChatEvent.Added, Guid.NewGuid(), room, Guid.NewGuid(), 1, "hello", DateTimeOffset.UtcNow);
        var others = 0;
        var subscriptions = new List<IDisposable>();
        for (var i = 0; i < OtherKeys; i++)
        {
            subscriptions.Add(await feed.SubscribeAsync(ChatEvent.TopicOf(room), byMessage, Guid.NewGuid(), _ => Interlocked.Increment(ref others), () => { }));
        }

        var keyed = new TaskCompletionSource<ChatEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var whole = new TaskCompletionSource<ChatEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriptions.Add(await feed.SubscribeAsync(ChatEvent.TopicOf(room), byMessage, sent.MessageId, e => keyed.TrySetResult(e), () => { }));
        subscriptions.Add(await feed.SubscribeAsync<ChatEvent>(ChatEvent.TopicOf(room), e => whole.TrySetResult(e), () => { }));

        await publisher.Services.GetRequiredService<IEventFeed>().PublishAsync(sent, CancellationToken.None);

        Assert.Equal(sent, await keyed.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Same(await keyed.Task, await whole.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(0, Volatile.Read(ref others)); // no subscriber of another key was called
        Assert.Equal(1, Volatile.Read(ref lookUps)); // the message's key was read once, not once per subscriber (501)
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task SubscribingToATopicAsAnotherEventType_IsRefused()
    {
        var feed = api.Services.GetRequiredService<IEventFeed>();
        using var pool = await feed.SubscribeAsync<PoolChanged>(PoolChanged.TopicName, _ => { }, () => { });

        await Assert.ThrowsAsync<InvalidOperationException>(() => feed.SubscribeAsync<GenerationChanged>(PoolChanged.TopicName, _ => { }, () => { }));
    }
}
