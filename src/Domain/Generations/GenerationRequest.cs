using System.Security.Cryptography;
using System.Text;
using Son1kVers3.Domain.Common;

namespace Son1kVers3.Domain.Generations;

/// <summary>
/// What a person asks for, checked against the provider's limits (DOMAIN.md §4): simple mode is a
/// description of at most 500 characters; custom mode is lyrics (3000 on V3_5, 5000 on V5), a
/// style (200 / 1000) and a title (80).
/// </summary>
public sealed record GenerationRequest(MusicModel Model, bool CustomMode, string? Prompt, string? Style, string? Title, bool Instrumental)
{
    public const int SimplePromptMax = 500;
    public const int TitleMax = 80;

    public static int LyricsMax(MusicModel model) => model == MusicModel.V3_5 ? 3000 : 5000;

    public static int StyleMax(MusicModel model) => model == MusicModel.V3_5 ? 200 : 1000;

    public static Result<GenerationRequest> Create(MusicModel model, bool customMode, string? prompt, string? style, string? title, bool instrumental)
    {
        prompt = Clean(prompt);
        style = Clean(style);
        title = Clean(title);
        var error = customMode
            ? CheckCustom(model, prompt, style, title, instrumental)
            : CheckSimple(prompt, style, title);
        return error ?? (Result<GenerationRequest>)new GenerationRequest(model, customMode, prompt, style, title, instrumental);
    }

    private static Error? CheckSimple(string? prompt, string? style, string? title) => (prompt, style, title) switch
    {
        (null, _, _) => Error.Validation("prompt", "describe the song you want (simple mode needs a description)."),
        ({ Length: > SimplePromptMax }, _, _) => Error.Validation("prompt", $"must be at most {SimplePromptMax} characters in simple mode; it has {prompt.Length}. Use custom mode for full lyrics."),
        (_, not null, _) => Error.Validation("style", "is only for custom mode; describe the style in the prompt, or set customMode: true."),
        (_, _, not null) => Error.Validation("title", "is only for custom mode; set customMode: true to give a title."),
        _ => null,
    };

    private static Error? CheckCustom(MusicModel model, string? lyrics, string? style, string? title, bool instrumental)
    {
        if (lyrics is null && !instrumental)
        {
            return Error.Validation("prompt", "custom mode needs the lyrics (or set instrumental: true).");
        }

        if (lyrics is { Length: var l } && l > LyricsMax(model))
        {
            return Error.Validation("prompt", $"lyrics must be at most {LyricsMax(model)} characters on {model}; they have {l}.");
        }

        if (style is null)
        {
            return Error.Validation("style", "custom mode needs a style, for example \"synthwave, female vocals\".");
        }

        if (style.Length > StyleMax(model))
        {
            return Error.Validation("style", $"must be at most {StyleMax(model)} characters on {model}; it has {style.Length}.");
        }

        if (title is null)
        {
            return Error.Validation("title", "custom mode needs a title.");
        }

        return title.Length > TitleMax ? Error.Validation("title", $"must be at most {TitleMax} characters; it has {title.Length}.") : null;
    }

    /// <summary>A hash of the normalized request (lengths prefixed, so no two requests collide by concatenation).</summary>
    public string Fingerprint()
    {
        static string Part(string? value) => value is null ? "-" : $"{value.Length}:{value}";
        var text = $"{Model}|{CustomMode}|{Instrumental}|{Part(Prompt)}|{Part(Style)}|{Part(Title)}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
