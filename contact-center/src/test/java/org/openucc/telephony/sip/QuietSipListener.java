package org.openucc.telephony.sip;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;

/** A test's SIP listener that ignores every event it does not override. */
interface QuietSipListener extends SipListener {
    @Override
    default void processRequest(RequestEvent ev) {
    }

    @Override
    default void processResponse(ResponseEvent ev) {
    }

    @Override
    default void processTimeout(TimeoutEvent ev) {
    }

    @Override
    default void processIOException(IOExceptionEvent ev) {
    }

    @Override
    default void processTransactionTerminated(TransactionTerminatedEvent ev) {
    }

    @Override
    default void processDialogTerminated(DialogTerminatedEvent ev) {
    }
}
