package org.openucc.store;

import java.util.List;
import org.openucc.board.KnowledgeBase;

/** A few standard answers, in English and Chinese, for an empty knowledge base of a demo store. */
final class DemoKnowledge {
    private DemoKnowledge() {
    }

    static void fillIfEmpty(KnowledgeBase kb) {
        if (!kb.isEmpty()) {
            return;
        }
        kb.add("system", "Refund for a delayed shipment",
                "Apologise for the delay. Orders more than 5 working days late get a full refund of the shipping cost;"
                        + " create a follow-up task for finance with the order number.", List.of("refund", "shipping"));
        kb.add("system", "Reset a customer PIN",
                "Verify the caller with the account number and two contact details, then send a new PIN by SMS to the"
                        + " phone on record. Never read a PIN out on the phone.", List.of("pin", "security"));
        kb.add("system", "Business hours",
                "Monday to Friday 08:00-20:00, Saturday 09:00-13:00 (Europe/Berlin). The VIP line is open every day.",
                List.of("hours"));
        kb.add("system", "退款政策（配送延迟）",
                "向客户致歉。延迟超过5个工作日的订单可全额退还运费；请为财务创建跟进任务并附上订单号。",
                List.of("refund", "退款", "zh"));
    }
}
