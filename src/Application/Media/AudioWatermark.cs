using System.Buffers.Binary;
using System.Text;

namespace Son1kVers3.Application.Media;

/// <summary>
/// Marks a file as coming from a FREE share: 16-bit PCM WAV gets an audible tone (a short beep at
/// the start and every <c>interval</c>) and a LIST/INFO comment; any other format gets an ID3v2
/// tag in front (players skip it; the mark names the source).
/// </summary>
public static class AudioWatermark
{
    public const string Mark = "Son1kVers3 FREE";
    private const double ToneHz = 1000;
    private const double ToneSeconds = 0.4;
    private const double ToneLevel = 0.25;

    public static byte[] Apply(byte[] file, TimeSpan interval) =>
        Wav.TryRead(file) is { } wav ? MarkWav(file, wav, interval) : PrependId3(file);

    private static byte[] MarkWav(byte[] file, Wav wav, TimeSpan interval)
    {
        var data = file.AsSpan(wav.DataOffset, wav.DataLength).ToArray();
        if (wav.IsPcm16)
        {
            MixTones(data, wav.Channels, wav.SampleRate, interval);
        }

        var list = InfoChunk();
        var output = new byte[file.Length + list.Length];
        var headerEnd = wav.DataOffset - 8; // the data chunk's id
        file.AsSpan(0, headerEnd).CopyTo(output);
        list.CopyTo(output, headerEnd);
        file.AsSpan(headerEnd, 8).CopyTo(output.AsSpan(headerEnd + list.Length));
        data.CopyTo(output, headerEnd + list.Length + 8);
        file.AsSpan(wav.DataOffset + wav.DataLength).CopyTo(output.AsSpan(headerEnd + list.Length + 8 + data.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(4), (uint)(output.Length - 8));
        return output;
    }

    private static void MixTones(byte[] data, int channels, int sampleRate, TimeSpan interval)
    {
        var frames = data.Length / (2 * channels);
        var toneFrames = (int)(sampleRate * ToneSeconds);
        var every = Math.Max(toneFrames * 2, (long)(sampleRate * interval.TotalSeconds));
        for (long start = 0; start < frames; start += every)
        {
            for (var i = 0; i < toneFrames && start + i < frames; i++)
            {
                var fade = Math.Min(1, Math.Min(i, toneFrames - i) / (sampleRate * 0.01));
                var tone = (int)(ToneLevel * short.MaxValue * fade * Math.Sin(2 * Math.PI * ToneHz * i / sampleRate));
                for (var c = 0; c < channels; c++)
                {
                    var at = (int)((start + i) * channels + c) * 2;
                    var mixed = BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(at)) + tone;
                    BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(at), (short)Math.Clamp(mixed, short.MinValue, short.MaxValue));
                }
            }
        }
    }

    private static byte[] InfoChunk()
    {
        var text = Encoding.ASCII.GetBytes(Mark + "\0");
        var padded = text.Length + (text.Length % 2);
        var chunk = new byte[8 + 4 + 8 + padded];
        "LIST"u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)(4 + 8 + padded));
        "INFO"u8.CopyTo(chunk.AsSpan(8));
        "ICMT"u8.CopyTo(chunk.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(16), (uint)text.Length);
        text.CopyTo(chunk, 20);
        return chunk;
    }

    /// <summary>An ID3v2.3 tag with one TXXX frame ("watermark" = the mark).</summary>
    private static byte[] PrependId3(byte[] file)
    {
        var payload = Encoding.Latin1.GetBytes("\0watermark\0" + Mark);
        var frame = new byte[10 + payload.Length];
        "TXXX"u8.CopyTo(frame);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 10);
        var tag = new byte[10 + frame.Length + file.Length];
        "ID3"u8.CopyTo(tag);
        tag[3] = 3;
        var size = frame.Length; // syncsafe: 7 bits per byte
        for (var i = 0; i < 4; i++)
        {
            tag[9 - i] = (byte)((size >> (7 * i)) & 0x7F);
        }

        frame.CopyTo(tag, 10);
        file.CopyTo(tag, 10 + frame.Length);
        return tag;
    }

    private sealed record Wav(int DataOffset, int DataLength, bool IsPcm16, int Channels, int SampleRate)
    {
        public static Wav? TryRead(byte[] file)
        {
            if (file.Length < 12 || !file.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !file.AsSpan(8, 4).SequenceEqual("WAVE"u8))
            {
                return null;
            }

            (bool Pcm16, int Channels, int Rate)? format = null;
            var at = 12;
            while (at + 8 <= file.Length)
            {
                var id = file.AsSpan(at, 4);
                var length = (long)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
                if (id.SequenceEqual("fmt "u8) && length >= 16 && at + 8 + 16 <= file.Length)
                {
                    var tag = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(at + 8));
                    var channels = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(at + 10));
                    var rate = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(at + 12));
                    var bits = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(at + 22));
                    format = ((tag == 1 || tag == 0xFFFE) && bits == 16 && channels > 0 && rate > 0, Math.Max((int)channels, 1), Math.Max(rate, 1));
                }
                else if (id.SequenceEqual("data"u8) && format is { } f)
                {
                    var dataLength = (int)Math.Min(length, file.Length - at - 8);
                    return new Wav(at + 8, dataLength, f.Pcm16, f.Channels, f.Rate);
                }

                at += 8 + (int)Math.Min(length + (length % 2), int.MaxValue - at - 8);
            }

            return null;
        }
    }
}
