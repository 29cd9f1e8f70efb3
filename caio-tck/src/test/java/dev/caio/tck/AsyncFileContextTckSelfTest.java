package dev.caio.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The TCK is strong: it passes a correct backend and catches each planted bug with the rule meant to catch it. */
class AsyncFileContextTckSelfTest {
    private static final String OPTIONAL_R4_6 = "optional_r4_6_cancelInFlightSparesTheOthers";

    /** The outcome of the TCK on one backend: per rule (test method), the message of its failure or skip. */
    private record Run(Map<String, String> failed, Map<String, String> skipped) {
    }

    /** Runs already made, so that a backend checked for its failure and for its message runs the TCK once. */
    private static final Map<Class<?>, Run> RUNS = new ConcurrentHashMap<>();

    private static Run run(Class<?> backend) {
        return RUNS.computeIfAbsent(backend, AsyncFileContextTckSelfTest::runNow);
    }

    private static Run runNow(Class<?> backend) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(backend)).execute();
        assertTrue(results.testEvents().started().count() > 40, "the TCK ran for " + backend.getSimpleName());
        return new Run(messages(results.testEvents().failed()), messages(results.testEvents().aborted()));
    }

    /** Test method name to the message of its first such event (a parameterized rule has several). */
    private static Map<String, String> messages(Events events) {
        Map<String, String> byRule = new TreeMap<>();
        events.stream().forEach(e -> e.getTestDescriptor().getSource()
                .filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                .map(s -> ((org.junit.platform.engine.support.descriptor.MethodSource) s).getMethodName())
                .ifPresent(rule -> byRule.putIfAbsent(rule, e.getPayload(TestExecutionResult.class)
                        .flatMap(TestExecutionResult::getThrowable).map(String::valueOf).orElse(""))));
        return byRule;
    }

    @Test
    void aCorrectBackendPassesEveryRuleAndSkipsTheOptionalOnesItDoesNotDeclare() {
        Run run = run(BrokenBackends.Correct.class);
        assertEquals(Map.of(), run.failed());
        assertTrue(run.skipped().getOrDefault(OPTIONAL_R4_6, "").contains("does not declare CANCEL_IN_FLIGHT"),
                "r4.6 skipped, naming its capability: " + run.skipped());
        assertTrue(run.skipped().keySet().stream().allMatch(r -> r.startsWith("optional_") || r.startsWith(
                "required_r6_")), "only optional rules and the platform-dependent r6.7/r6.8 may skip: " + run.skipped());
    }

    @Test
    void anInlineBackendPassesEveryRuleAndR41StillChecksIt() {
        Run run = run(BrokenBackends.Inline.class);
        assertEquals(Map.of(), run.failed());
        assertFalse(run.skipped().containsKey("required_r4_1_cancelledQueuedWorkNeverRuns"),
                "an inline backend still queues beyond maxRequests, so r4.1 is not vacuous for it: " + run.skipped());
    }

    @Test
    void aBackendThatCancelsInFlightPassesEveryRuleTheOptionalOneIncluded() {
        Run run = run(BrokenBackends.CancelsInFlight.class);
        assertEquals(Map.of(), run.failed());
        assertFalse(run.skipped().containsKey(OPTIONAL_R4_6), "r4.6 runs for a declared capability: " + run.skipped());
    }

    @Test
    void r41IsSkippedWithItsReasonWhenNothingWasQueued() {
        Run run = run(BrokenBackends.FirstOfABatchLast.class);
        assertFalse(run.failed().containsKey("required_r4_1_cancelledQueuedWorkNeverRuns"), run.failed().toString());
        assertTrue(run.skipped().getOrDefault("required_r4_1_cancelledQueuedWorkNeverRuns", "")
                .contains("vacuous: nothing was queued"), run.skipped().toString());
    }

    static Stream<Arguments> plantedBugs() {
        return Stream.of(
                Arguments.of(BrokenBackends.WrongOffset.class, "required_r1_8_offsetsAreExact"),
                Arguments.of(BrokenBackends.PaddedShortRead.class, "required_r1_3_readPastEofIsShort"),
                Arguments.of(BrokenBackends.SwallowedError.class, "required_r6_1_closedDescriptorFailsWithEbadf"),
                Arguments.of(BrokenBackends.AliasedBuffers.class, "required_r2_5_readResultsNeverAlias"),
                Arguments.of(BrokenBackends.WorkAfterClose.class, "required_r5_3_submissionAfterCloseFails"),
                Arguments.of(BrokenBackends.IgnoresPosition.class, "required_r2_1_bufferReadFillsFromPosition"),
                Arguments.of(BrokenBackends.NoopFsync.class, "required_r7_2_syncOfClosedDescriptorFails"),
                Arguments.of(BrokenBackends.ShortWrite.class, "required_r1_2_writeReturnsLengthAndReadsBack"),
                Arguments.of(BrokenBackends.QueueFull.class, "required_r3_4_backpressureQueuesInsteadOfFailing"),
                Arguments.of(BrokenBackends.CloseLeavesPending.class, "required_r5_2_closeCompletesEveryFuture"),
                Arguments.of(BrokenBackends.InlineAdmitsEverything.class, "required_r4_1_cancelledQueuedWorkNeverRuns"),
                Arguments.of(BrokenBackends.InlineRunsCancelledQueuedWork.class,
                        "required_r4_1_cancelledQueuedWorkNeverRuns"),
                Arguments.of(BrokenBackends.CancelsTheNextOne.class, OPTIONAL_R4_6));
    }

    @ParameterizedTest(name = "{0} is caught by {1}")
    @MethodSource("plantedBugs")
    void eachPlantedBugIsCaughtByItsRule(Class<?> backend, String rule) {
        Set<String> failed = run(backend).failed().keySet();
        assertTrue(failed.contains(rule), backend.getSimpleName() + " should fail " + rule + " but failed " + failed);
    }

    /** A failure names its rule first, then what went wrong, whatever assertion or exception it came from. */
    static Stream<Arguments> failureMessages() {
        return Stream.of(
                Arguments.of(BrokenBackends.WrongOffset.class, "required_r1_8_offsetsAreExact",
                        "r1.8 reads and writes honour their offsets exactly — "),
                Arguments.of(BrokenBackends.QueueFull.class, "required_r3_4_backpressureQueuesInsteadOfFailing",
                        "r3.4 with a tiny maxRequests, hundreds of operations queue and all complete; none sees 'queue"
                                + " full' [maxRequests=1] — operation failed: java.io.IOException: queue full"),
                Arguments.of(BrokenBackends.InlineRunsCancelledQueuedWork.class,
                        "required_r4_1_cancelledQueuedWorkNeverRuns", "r4.1 an operation cancelled while queued never"
                                + " runs: its bytes never reach the file — cancelled queued write 1000 ran"),
                Arguments.of(BrokenBackends.InlineAdmitsEverything.class, "required_r4_1_cancelledQueuedWorkNeverRuns",
                        "r4.1 an operation cancelled while queued never runs: its bytes never reach the file — cancel()"
                                + " did not remove writes that were queued"),
                Arguments.of(BrokenBackends.CancelsTheNextOne.class, OPTIONAL_R4_6,
                        "r4.6 (optional, CANCEL_IN_FLIGHT) cancelling reads the backend is running cancels only them:"));
    }

    @ParameterizedTest(name = "{0} fails {1} with a message naming the rule")
    @MethodSource("failureMessages")
    void failureMessagesStartWithTheRule(Class<?> backend, String rule, String start) {
        String message = run(backend).failed().get(rule);
        assertTrue(message != null && message.startsWith("org.opentest4j.AssertionFailedError: " + start),
                rule + " failed with: " + message);
    }
}
