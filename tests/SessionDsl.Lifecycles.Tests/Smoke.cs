using SessionDsl.Messaging;
using Xunit;

namespace SessionDsl.Lifecycles.Tests;

public class Smoke
{
    [Fact]
    public void Compiles()
    {
        var r = EnhancedCustomerInitiated.Fire(MessagingSessionStatus.Waiting, MessagingSessionEvent.Accept);
        Assert.Equal(MessagingSessionStatus.Active, r.To);
    }
}
