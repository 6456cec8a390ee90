namespace SessionDsl.Hosting.Storage;

/// <summary>A store could not be opened, read or written. The message says which store, what failed and what is left.</summary>
public sealed class SessionStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the failure that caused it.</summary>
    public SessionStoreException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
