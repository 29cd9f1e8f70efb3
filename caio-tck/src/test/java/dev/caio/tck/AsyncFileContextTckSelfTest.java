package dev.caio.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The TCK is strong: it passes a correct backend and catches each planted bug with the rule meant to catch it. */
class AsyncFileContextTckSelfTest {

    /** Runs the TCK on {@code backend} and returns the names of the rules that failed. */
    private static Set<String> failedRules(Class<?> backend) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(backend)).execute();
        Set<String> failed = new TreeSet<>();
        results.testEvents().failed().stream().forEach(e -> e.getTestDescriptor().getSource()
                .filter(org.junit.platform.engine.support.descriptor.MethodSource.class::isInstance)
                .map(s -> ((org.junit.platform.engine.support.descriptor.MethodSource) s).getMethodName())
                .ifPresent(failed::add));
        assertTrue(results.testEvents().started().count() > 40, "the TCK ran for " + backend.getSimpleName());
        return failed;
    }

    @Test
    void aCorrectBackendPassesEveryRule() {
        assertEquals(Set.of(), failedRules(BrokenBackends.Correct.class));
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
                Arguments.of(BrokenBackends.CloseLeavesPending.class, "required_r5_2_closeCompletesEveryFuture"));
    }

    @ParameterizedTest(name = "{0} is caught by {1}")
    @MethodSource("plantedBugs")
    void eachPlantedBugIsCaughtByItsRule(Class<?> backend, String rule) {
        Set<String> failed = failedRules(backend);
        assertTrue(failed.contains(rule), backend.getSimpleName() + " should fail " + rule + " but failed " + failed);
    }
}
