using Son1kVers3.Domain.Chat;

namespace Son1kVers3.Domain.Tests.Chat;

public class ChatRulesTests
{
    [Fact]
    public void AMessage_IsTrimmed_AndMayHoldNewlinesTabsAndEmojiPairs()
    {
        Assert.Equal("hi\n\tthere 🎵", ChatRules.CheckText("  hi\n\tthere 🎵 \r\n").Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t ")]
    [InlineData("a\u0000b")]
    [InlineData("a\rb")]
    [InlineData("a\u0085b")]
    public void AMessage_IsRefused_WhenEmptyOrHoldingControlCharactersOrBrokenUnicode(string text)
    {
        var result = ChatRules.CheckText(text);
        Assert.Equal("VALIDATION", result.Error!.Code);
        Assert.StartsWith("text:", result.Error.Message);
    }

    [Fact]
    public void AMessage_WithALoneOrReversedSurrogate_IsRefusedAsInvalidUnicode()
    {
        // Built in code: theory data would be re-encoded (to U+FFFD) on its way to the test.
        foreach (var text in new[] { "lone " + '\ud800' + " surrogate", "ends high " + '\ud800', "reversed " + '\udc00' + '\ud800' + " pair" })
        {
            Assert.Contains("not valid Unicode", ChatRules.CheckText(text).Error!.Message);
        }
    }

    [Fact]
    public void AMessage_OfExactly2000CharactersAfterTrimming_IsAccepted_And2001Refused()
    {
        Assert.True(ChatRules.CheckText(" " + new string('a', 2000) + " ").IsSuccess);
        Assert.False(ChatRules.CheckText(new string('a', 2001)).IsSuccess);
    }
}
