using System.Text.Json;
using System.Text.Json.Serialization;

namespace SessionDsl;

/// <summary>
/// Writes a <see cref="SessionState{TStatus}"/> as <c>{"status":"Active","enteredAt":"2026-03-02T09:00:00+00:00","countdowns":[null,"…"]}</c>
/// (the status by name, so that a definition may add states without renumbering stored sessions) and reads it back
/// whole; a session that was never started is <c>{"status":…,"enteredAt":null}</c>.
/// </summary>
internal sealed class SessionStateJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(SessionState<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(SessionStateJsonConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()))!;
}

internal sealed class SessionStateJsonConverter<TStatus> : JsonConverter<SessionState<TStatus>>
    where TStatus : struct, Enum
{
    public override SessionState<TStatus> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A SessionState is a JSON object with 'status', 'enteredAt' and 'countdowns'.");
        }

        TStatus? status = null;
        DateTimeOffset? enteredAt = null;
        var countdowns = new DateTimeOffset?[SessionState<TStatus>.MaxCountdowns];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string property = reader.GetString() ?? string.Empty;
            reader.Read();
            switch (property)
            {
                case "status":
                    string name = reader.GetString() ?? string.Empty;
                    if (!OptionText.TryParseEnum(name, out TStatus parsed))
                    {
                        throw new JsonException($"'{name}' is not a member of {typeof(TStatus).Name}.");
                    }

                    status = parsed;
                    break;
                case "enteredAt":
                    enteredAt = reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset();
                    break;
                case "countdowns":
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new JsonException("'countdowns' is an array of start times (null: not running).");
                    }

                    int slot = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (slot >= countdowns.Length)
                        {
                            throw new JsonException($"A session holds at most {SessionState<TStatus>.MaxCountdowns} countdowns.");
                        }

                        countdowns[slot++] = reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset();
                    }

                    break;
                default:
                    throw new JsonException($"Unknown SessionState property '{property}'; expected status, enteredAt, countdowns.");
            }
        }

        if (status is not { } s)
        {
            throw new JsonException("A SessionState needs its 'status'.");
        }

        if (enteredAt is not { } entered)
        {
            // Only default(SessionState), never started, is written without an entry time.
            return EqualityComparer<TStatus>.Default.Equals(s, default)
                ? default
                : throw new JsonException("A started session needs 'enteredAt'.");
        }

        try
        {
            return new SessionState<TStatus>(s, entered, countdowns[0], countdowns[1], countdowns[2], countdowns[3]);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, SessionState<TStatus> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("status", value.Status.ToString());
        if (value.IsStarted)
        {
            writer.WriteString("enteredAt", value.EnteredAt);
        }
        else
        {
            writer.WriteNull("enteredAt");
        }

        writer.WriteStartArray("countdowns");
        for (int slot = 0; slot < SessionState<TStatus>.MaxCountdowns; slot++)
        {
            if (value.CountdownStartedAt(slot) is { } started)
            {
                writer.WriteStringValue(started);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
