package dev.caio;

import dev.caio.internal.OperationAccess;
import dev.caio.internal.OperationOwner;
import dev.caio.internal.jfr.OperationEvents;
import java.nio.ByteBuffer;

/** Bridges {@link OperationAccess} to {@link Operation}'s package-private members. */
final class OperationAccessImpl extends OperationAccess {
    @Override
    public int state(Operation<?> op) {
        return op.state();
    }

    @Override
    public boolean transition(Operation<?> op, int from, int to) {
        return op.transition(from, to);
    }

    @Override
    public void setState(Operation<?> op, int state) {
        op.setState(state);
    }

    @Override
    public boolean bind(Operation<?> op, OperationOwner owner) {
        if (!op.transition(NEW, QUEUED)) {
            return false;
        }
        op.owner = owner;
        op.event = OperationEvents.begin(op, owner.implementation());
        return true;
    }

    @Override
    public void unbind(Operation<?> op) {
        op.owner = null;
        op.event = null;
        op.transition(QUEUED, NEW);
    }

    @Override
    public OperationOwner owner(Operation<?> op) {
        return op.owner;
    }

    @Override
    public int slot(Operation<?> op) {
        return op.slot;
    }

    @Override
    public void setSlot(Operation<?> op, int slot) {
        op.slot = slot;
    }

    @Override
    public Object guard(Operation<?> op) {
        return op.guard;
    }

    @Override
    public void setGuard(Operation<?> op, Object guard) {
        op.guard = guard;
    }

    @Override
    public int done(Operation<?> op) {
        return op.done;
    }

    @Override
    public void setDone(Operation<?> op, int done) {
        op.done = done;
    }

    @Override
    public byte[] array(Operation<?> op) {
        return op.array;
    }

    @Override
    public int arrayOffset(Operation<?> op) {
        return op.arrayOffset;
    }

    @Override
    public ByteBuffer buffer(Operation<?> op) {
        return op.buffer;
    }

    @Override
    public int bufferPosition(Operation<?> op) {
        return op.bufferPosition;
    }

    @Override
    public boolean returnsBytes(Operation<?> op) {
        return op.returnsBytes;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean finish(Operation<?> op, Object value) {
        OperationEvents.end(op.event, value, null); // before the future: its dependent stages are not I/O time
        return ((Operation<Object>) op).finish(value);
    }

    @Override
    public boolean finishExceptionally(Operation<?> op, Throwable error) {
        OperationEvents.end(op.event, null, error);
        return op.finishExceptionally(error);
    }

    @Override
    public void releaseNow(Operation<?> op) {
        op.releaseNow();
    }

    @Override
    public int cancel(Operation<?> op) {
        return op.cancelAndReport();
    }
}
