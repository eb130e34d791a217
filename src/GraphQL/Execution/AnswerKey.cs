using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQLParser.AST;

namespace Son1kVers3.GraphQL.Execution;

/// <summary>
/// What a public answer depends on: the document's text, the operation's name and the variables the
/// operation declares, in a canonical form. Variables it does not declare change nothing in the
/// answer, so they are left out (else a client could fill the cache with keys differing only in them).
/// </summary>
public readonly record struct AnswerKey(string Query, string? OperationName, string Variables)
{
    /// <summary>Characters the key holds (for the cache's byte bound).</summary>
    public int Length => Query.Length + (OperationName?.Length ?? 0) + Variables.Length;

    /// <summary>The key of a request, or null when its variables hold a value with no canonical form here (then its answer is not cached).</summary>
    public static AnswerKey? Of(string query, string? operationName, Inputs? variables, GraphQLVariablesDefinition? declared)
    {
        var used = variables is null || declared is null
            ? []
            : declared.Items.Select(d => d.Variable.Name.StringValue).Where(variables.ContainsKey).Select(name => KeyValuePair.Create(name, variables[name])).ToList();
        if (used.Count == 0)
        {
            return new AnswerKey(query, operationName, "");
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!TryWrite(writer, used, depth: 0))
            {
                return null;
            }
        }

        return new AnswerKey(query, operationName, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>JSON with every object's keys in ordinal order, so two spellings of the same variables make one key.</summary>
    private static bool TryWrite(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > 32)
        {
            return false;
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return true;
            case string text:
                writer.WriteStringValue(text);
                return true;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return true;
            case int or long or short or byte or sbyte or ushort or uint or ulong or decimal or BigInteger:
                writer.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                return true;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                return true;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                return true;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (name, item) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(name);
                    if (!TryWrite(writer, item, depth + 1))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                return true;
            case System.Collections.IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    if (!TryWrite(writer, item, depth + 1))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                return true;
            default:
                return false;
        }
    }
}
