using System.Text;

namespace Son1kVers3.GraphQL.Schema;

/// <summary>Opaque global ids: base64 of "Type:guid", so node(id:) can resolve any of them.</summary>
public static class GlobalId
{
    public static string Encode(string typeName, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{typeName}:{id:N}"));

    public static Guid? Decode(string globalId, string expectedType) =>
        Parse(globalId) is { } parsed && parsed.Type == expectedType ? parsed.Id : null;

    public static (string Type, Guid Id)? Parse(string globalId)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(globalId));
            var separator = text.IndexOf(':');
            return separator > 0 && Guid.TryParse(text[(separator + 1)..], out var id) ? (text[..separator], id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
