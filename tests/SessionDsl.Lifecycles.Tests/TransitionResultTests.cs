using SessionDsl.Messaging;
using Xunit;
using S = SessionDsl.Messaging.MessagingSessionStatus;
using E = SessionDsl.Messaging.MessagingSessionEvent;

namespace SessionDsl.Lifecycles.Tests;

/// <summary>
/// A result keeps its outcome and transition index packed in one field, and the generated tables hand Fire that field
/// straight from a cell. These tests pin the packing down from both ends: what the constructor stores, and that what a
/// table cell yields is the same value the constructor would have built.
/// </summary>
public class TransitionResultTests
{
    public static TheoryData<TransitionOutcome, int> Packings()
    {
        var data = new TheoryData<TransitionOutcome, int>();
        foreach (TransitionOutcome outcome in Enum.GetValues<TransitionOutcome>())
        {
            foreach (int index in new[] { -1, 0, 1, 255, 256, 0x7FFF, 0x8000, TransitionResult<S, E>.MaxTransitionIndex })
            {
                data.Add(outcome, index);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Packings))]
    public void The_constructor_keeps_every_outcome_and_index_it_is_given(TransitionOutcome outcome, int index)
    {
        var result = new TransitionResult<S, E>(outcome, S.Active, E.Transfer, S.Waiting, index);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(index, result.TransitionIndex);
        Assert.Equal(outcome == TransitionOutcome.Applied, result.IsApplied);
        Assert.Equal((S.Active, E.Transfer, S.Waiting), (result.From, result.Event, result.To));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    [InlineData(0x80_0000)]
    [InlineData(int.MaxValue)]
    public void An_index_the_result_cannot_carry_is_refused_rather_than_truncated(int index)
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new TransitionResult<S, E>(TransitionOutcome.Applied, S.Active, E.Transfer, S.Waiting, index));
        Assert.Equal("transitionIndex", thrown.ParamName);
    }

    [Fact]
    public void Every_result_a_generated_table_gives_equals_the_one_the_constructor_builds_from_its_parts()
    {
        var options = new EnhancedBusinessInitiated.Options { CapacityModel = CapacityModel.TabBased, Channel = MessagingChannel.WhatsApp };
        int checkedResults = 0;
        foreach (S from in Enum.GetValues<S>().Append((S)200))
        {
            foreach (E e in Enum.GetValues<E>().Append((E)200))
            {
                var fired = EnhancedBusinessInitiated.Fire(from, e, options);
                var rebuilt = new TransitionResult<S, E>(fired.Outcome, fired.From, fired.Event, fired.To, fired.TransitionIndex);

                Assert.Equal(rebuilt, fired);
                Assert.Equal(rebuilt.GetHashCode(), fired.GetHashCode());
                Assert.Equal((from, e), (fired.From, fired.Event));
                if (!fired.IsApplied)
                {
                    Assert.Equal((from, -1), (fired.To, fired.TransitionIndex));
                }
                else
                {
                    var declared = EnhancedBusinessInitiated.Description.Transitions[fired.TransitionIndex];
                    Assert.Contains(from, declared.From);
                    Assert.Equal((e, fired.To), (declared.Event, declared.To));
                }

                checkedResults++;
            }
        }

        Assert.Equal((Enum.GetValues<S>().Length + 1) * (Enum.GetValues<E>().Length + 1), checkedResults);
    }

    [Fact]
    public void An_option_value_outside_its_enum_cannot_be_set_so_it_never_reaches_the_guards()
    {
        var member = new EnhancedBusinessInitiated.Options { CapacityModel = CapacityModel.TabBased, Channel = MessagingChannel.Sms };
        foreach (MessagingChannel outside in new[] { (MessagingChannel)8, (MessagingChannel)200, (MessagingChannel)255 })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => member with { Channel = outside });
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new StandardCustomerInitiated.Options { CapacityModel = (CapacityModel)200 });
        Assert.True(StandardCustomerInitiated.Fire(S.Active, E.RepOffline, new StandardCustomerInitiated.Options { CapacityModel = CapacityModel.TabBased }).IsApplied);
    }
}
