using System.Security.Cryptography;
using System.Text;

namespace Son1kVers3.Infrastructure.Suno;

/// <summary>The simulator's real, playable media: a short melody as 16-bit PCM WAV, and an SVG cover.</summary>
public static class SimulatedMedia
{
    public const double DurationSeconds = 8;
    private const int SampleRate = 22050;
    private static readonly double[] Pentatonic = [261.63, 293.66, 329.63, 392.00, 440.00, 523.25, 587.33, 659.25];

    public static byte[] Wav(string clipId)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(clipId));
        var samples = (int)(SampleRate * DurationSeconds);
        var noteLength = SampleRate / 4;
        using var stream = new MemoryStream(44 + samples * 2);
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + samples * 2);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(SampleRate);
        writer.Write(SampleRate * 2);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        for (var i = 0; i < samples; i++)
        {
            var note = i / noteLength;
            var frequency = Pentatonic[seed[note % seed.Length] % Pentatonic.Length];
            var t = (double)(i % noteLength) / noteLength;
            var envelope = Math.Min(1, t * 20) * (1 - t);
            var value = envelope * 0.4 * Math.Sin(2 * Math.PI * frequency * i / SampleRate);
            writer.Write((short)(value * short.MaxValue));
        }

        writer.Flush();
        return stream.ToArray();
    }

    public static string CoverSvg(string clipId)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(clipId));
        var hue = seed[0] * 360 / 256;
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
              <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
                <stop offset="0" stop-color="hsl({hue},70%,45%)"/><stop offset="1" stop-color="hsl({(hue + 120) % 360},70%,25%)"/>
              </linearGradient></defs>
              <rect width="512" height="512" fill="url(#g)"/>
              <circle cx="256" cy="256" r="120" fill="none" stroke="white" stroke-width="6" opacity="0.8"/>
              <text x="256" y="470" font-family="sans-serif" font-size="28" fill="white" text-anchor="middle">Son1kVers3 simulator</text>
            </svg>
            """;
    }
}
