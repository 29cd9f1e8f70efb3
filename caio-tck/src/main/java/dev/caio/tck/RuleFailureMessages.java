package dev.caio.tck;

import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Puts the rule in front of every failure of a TCK rule, so that a backend author reads what was broken before how:
 * {@code r4.1 an operation cancelled while queued never runs: its bytes never reach the file — cancelled queued
 * write 1000 ran: its bytes are in the file ==> ...}. One handler for every assertion, helper and unexpected
 * exception, instead of a prefix in each assertion's text. Skips (assumptions) pass through unchanged.
 */
final class RuleFailureMessages implements TestExecutionExceptionHandler {
    /** Between the rule and the detail; the rule's sentences use colons and semicolons, never this. */
    static final String SEPARATOR = " — ";

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof TestAbortedException) {
            throw thrown;
        }
        String rule = rule(context);
        if (thrown instanceof AssertionError && thrown.getMessage() != null && thrown.getMessage().startsWith(rule)) {
            throw thrown; // already prefixed (a rule running a nested check)
        }
        String detail = thrown instanceof AssertionError ? String.valueOf(thrown.getMessage())
                : "threw " + thrown; // a backend's exception: its type is the detail
        AssertionError prefixed;
        if (thrown instanceof AssertionFailedError a && a.isExpectedDefined() && a.isActualDefined()) {
            // Kept expected and actual, so that IDEs still offer their comparison.
            prefixed = new AssertionFailedError(rule + SEPARATOR + detail, a.getExpected().getValue(),
                    a.getActual().getValue(), thrown.getCause());
        } else {
            prefixed = new AssertionFailedError(rule + SEPARATOR + detail,
                    thrown instanceof AssertionError ? thrown.getCause() : thrown);
        }
        if (thrown instanceof AssertionError) {
            // The same failure with a better message: its own stack trace points at the assertion that failed.
            prefixed.setStackTrace(thrown.getStackTrace());
            for (Throwable s : thrown.getSuppressed()) {
                prefixed.addSuppressed(s);
            }
        }
        throw prefixed;
    }

    /**
     * The rule's id and sentence: the test method's {@link DisplayName}, and for a parameterized rule the invocation
     * in brackets ({@code r3.4 ... [maxRequests=1]}).
     */
    static String rule(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        DisplayName name = method.map(m -> m.getAnnotation(DisplayName.class)).orElse(null);
        if (name == null) {
            return context.getDisplayName();
        }
        String invocation = context.getDisplayName();
        return invocation.equals(name.value()) ? name.value() : name.value() + " [" + invocation + "]";
    }
}
