// UI text in English and Chinese. Elements carry data-i18n="key" (text) or data-i18n-placeholder /
// data-i18n-title; scripts use t(key, {name: value}). The choice is kept in localStorage.

const dict = {
  en: {
    'app.title': 'OpenUCC console',
    'login.title': 'Sign in', 'login.username': 'User name', 'login.password': 'Password', 'login.submit': 'Sign in',
    'login.failed': 'Sign-in failed: {message}',
    'nav.agent': 'Agent', 'nav.supervisor': 'Supervisor', 'nav.logout': 'Log out', 'nav.language': '中文',
    'conn.open': 'Connected', 'conn.connecting': 'Connecting…', 'conn.reconnecting': 'Reconnecting…', 'conn.closed': 'Disconnected',
    'conn.lost': 'The connection was lost; the command may not have been carried out.',
    'conn.notConnected': 'Not connected; reconnecting…',
    'state.LOGGED_OUT': 'Logged out', 'state.NOT_READY': 'Not ready', 'state.READY': 'Ready', 'state.RESERVED': 'Offer ringing',
    'state.BUSY': 'Busy', 'state.WRAP_UP': 'Wrap-up',
    'agent.ready': 'Ready', 'agent.notReady': 'Not ready', 'agent.reason': 'Reason', 'agent.timeInState': 'in state for',
    'agent.noPhone': 'No phone registered: calls are not offered',
    'agent.pickReason': 'Choose a reason…', 'agent.reasonFirst': 'Choose a reason for not ready first.',
    'reason.login': 'Just logged in', 'reason.missed': 'Missed offers (set by the system)',
    'reason.not-ready': 'Not ready (no reason given)', 'reason.logout': 'Logging out',
    'work.pickQueue': 'Choose a queue…',
    'offer.title': 'New {channel} interaction', 'offer.queue': 'Queue', 'offer.expires': 'answer within',
    'offer.accept': 'Accept', 'offer.decline': 'Decline', 'offer.unknownCustomer': 'Unknown customer',
    'offer.ended.DECLINED': 'Offer declined.', 'offer.ended.TIMED_OUT': 'The offer timed out.',
    'offer.ended.RESCINDED': 'The offer was withdrawn (answered elsewhere or the customer left).',
    'work.none': 'No interactions in hand.', 'work.hold': 'Hold', 'work.resume': 'Resume', 'work.hangup': 'Hang up',
    'work.end': 'End', 'work.transfer': 'Transfer', 'work.transferTo': 'to queue', 'work.transferToNumber': 'to number', 'work.held': 'On hold',
    'work.state.CONNECTED': 'Connected', 'work.state.HELD': 'On hold', 'work.state.WRAP_UP': 'Wrap-up',
    'work.state.ENDED': 'Ended', 'work.state.OFFERED': 'Offered',
    'wrap.title': 'Wrap-up', 'wrap.disposition': 'Disposition', 'wrap.notes': 'Notes (saved to the customer)',
    'wrap.followUp': 'Create a follow-up task', 'wrap.followUpSubject': 'Task', 'wrap.followUpDue': 'Due',
    'wrap.submit': 'Finish wrap-up', 'wrap.endsIn': 'ends in', 'wrap.done': 'Wrap-up saved.',
    'pop.title': 'Customer', 'pop.none': 'No customer identified; search below.', 'pop.contacts': 'Contacts',
    'pop.cases': 'Open cases', 'pop.history': 'Last interactions', 'pop.context': 'IVR path and context',
    'pop.notes': 'Notes', 'pop.addNote': 'Add note', 'pop.noCases': 'No open cases', 'pop.noHistory': 'No earlier interactions',
    'pop.account': 'Account', 'pop.otherMatches': '{n} other contacts share this number: ask who is calling',
    'pop.problem': 'Part of the record is missing: {problem}', 'pop.edit': 'Edit',
    'edit.name': 'Name', 'edit.tier': 'Tier', 'edit.industry': 'Industry', 'edit.city': 'City', 'edit.save': 'Save',
    'search.title': 'Customer search', 'search.placeholder': 'Name, phone or e-mail', 'search.go': 'Search',
    'search.none': 'No customers found.',
    'preview.title': 'Preview', 'preview.customer': 'Customer card', 'preview.attempt': 'Attempt {n}',
    'preview.dial': 'Dial', 'preview.skip': 'Skip', 'preview.callbackAt': 'Call back at', 'preview.callback': 'Call back',
    'preview.skipped': 'Record skipped.', 'preview.callbackSet': 'You will get this record again at {at}.',
    'preview.withdrawn': 'The preview was taken back (other work came, or it waited too long).',
    'dial.title': 'Dial pad', 'dial.number': 'Number', 'dial.call': 'Call', 'dial.clear': 'Clear',
    'dial.callNumber': 'Call {number}', 'dial.started': 'Calling {number}: your phone rings first.',
    'dial.noPhone': 'No phone number on file for this customer.', 'dtmf.title': 'Keypad (DTMF)',
    'kb.title': 'Knowledge base', 'kb.placeholder': 'Search standard answers', 'kb.none': 'No answers found.',
    'kb.add': 'Add answer', 'kb.articleTitle': 'Title', 'kb.body': 'Answer', 'kb.tags': 'Tags',
    'board.title': 'Bulletin board', 'board.none': 'No messages.', 'board.post': 'Post', 'board.placeholder': 'Message to all agents',
    'board.new': 'New message from {author}',
    'sup.queues': 'Queues', 'sup.agents': 'Agents', 'sup.chart': 'Service level and volume today',
    'sup.queue': 'Queue', 'sup.waiting': 'Waiting', 'sup.longest': 'Longest wait', 'sup.offered': 'Offered',
    'sup.answered': 'Answered', 'sup.abandoned': 'Abandoned', 'sup.sl': 'Service level', 'sup.target': 'target',
    'sup.asa': 'ASA', 'sup.aht': 'AHT', 'sup.agent': 'Agent', 'sup.state': 'State', 'sup.reason': 'Reason',
    'sup.time': 'Time in state', 'sup.current': 'Current interaction', 'sup.handled': 'Handled today',
    'sup.actions': 'Actions', 'sup.forceNotReady': 'Not ready', 'sup.logout': 'Log out', 'sup.skills': 'Skills',
    'sup.skillsPrompt': 'Skills of {agent} as skill:level, comma separated', 'sup.saved': 'Saved.',
    'sup.volume': 'Volume (offered)', 'sup.slLine': 'Service level %',
    'forbidden': 'Forbidden: this page is for supervisors.',
    'canned.title': 'Canned answer', 'canned.insert': 'Insert',
    'chat.typing': 'The visitor is typing…', 'chat.away': 'The visitor left the page; the chat waits for them to come back.',
    'chat.placeholder': 'Message (Enter sends, Shift+Enter for a new line)', 'chat.send': 'Send',
    'chat.from.visitor': 'Visitor', 'chat.from.agent': 'Agent', 'chat.delivered': 'delivered', 'chat.read': 'read',
    'email.reply': 'Reply', 'email.send': 'Send reply', 'email.sent': 'Reply sent.',
    'email.from': 'from {who}', 'email.to': 'to {who}', 'email.new': 'New mail from {from}: {subject}',
    'error': 'Error: {message}',
    'rep.title': 'Historical reports', 'rep.wallboard': 'Wallboard', 'rep.reports': 'Reports', 'rep.from': 'From',
    'rep.to': 'To', 'rep.interval': 'Interval', 'rep.groupBy': 'Group by', 'rep.run': 'Show report',
    'rep.csv': 'Download CSV', 'rep.table': 'Figures', 'rep.chart': 'Offered per interval',
    'rep.chartOf': '{figure} per interval', 'rep.empty': 'Nothing happened in this range.', 'rep.total': 'Total',
    'rep.zone': "Times in the center's time zone {zone}; figures include the interaction log up to event {through}.",
    'rep.catchingUp': '(still catching up with the log)', 'rep.i.MIN15': '15 minutes', 'rep.i.MIN30': '30 minutes',
    'rep.i.HOUR': 'Hour', 'rep.i.DAY': 'Day', 'rep.i.WEEK': 'Week', 'rep.i.MONTH': 'Month', 'rep.g.QUEUE': 'Queue',
    'rep.g.AGENT': 'Agent', 'rep.g.CHANNEL': 'Channel', 'rep.g.SKILL': 'Skill', 'rep.g.DISPOSITION': 'Disposition',
    'rep.g.REASON': 'Not-ready reason', 'rep.g.AGENT_REASON': 'Agent and not-ready reason', 'rep.c.offered': 'Offered', 'rep.c.answered': 'Answered',
    'rep.c.abandoned': 'Abandoned', 'rep.c.shortAbandoned': 'Short abandons',
    'rep.c.serviceLevelPercent': 'Service level', 'rep.c.abandonPercent': 'Abandon rate', 'rep.c.asaSeconds': 'ASA',
    'rep.c.ahtSeconds': 'AHT', 'rep.c.averageAfterContactWorkSeconds': 'After-contact work',
    'rep.c.averageHoldSeconds': 'Hold (avg.)', 'rep.c.averageTalkSeconds': 'Talk (avg.)',
    'rep.c.transfers': 'Transfers', 'rep.c.callbacks': 'Callbacks', 'rep.c.callbacksKept': 'Callbacks kept',
    'rep.c.fcrPercent': 'First-contact resolution', 'rep.c.handled': 'Handled', 'rep.c.readySeconds': 'Ready',
    'rep.c.notReadySeconds': 'Not ready', 'rep.c.busySeconds': 'Busy', 'rep.c.wrapUpStateSeconds': 'Wrap-up',
    'rep.c.loggedInSeconds': 'Logged in', 'rep.c.occupancyPercent': 'Occupancy',
    'rep.c.utilisationPercent': 'Utilisation',
    'cmp.campaigns': 'Campaigns', 'cmp.title': 'Outbound campaigns', 'cmp.new': 'New campaign', 'cmp.none': 'No campaigns yet.',
    'cmp.name': 'Name', 'cmp.state': 'State', 'cmp.mode': 'Mode', 'cmp.queue': 'Queue', 'cmp.left': 'Records left',
    'cmp.done': 'Done', 'cmp.failed': 'Failed', 'cmp.create': 'Create a campaign', 'cmp.edit': 'Edit {name}',
    'cmp.callerId': 'Caller ID', 'cmp.ring': 'Ring timeout (s, at least 15)', 'cmp.limit': 'Abandon limit %',
    'cmp.attempts': 'Maximum attempts', 'cmp.amd': 'Answering-machine detection', 'cmp.amd.OFF': 'Off',
    'cmp.amd.HANG_UP': 'Hang up', 'cmp.amd.LEAVE_MESSAGE': 'Leave a message', 'cmp.windowFrom': 'Calling window from',
    'cmp.windowTo': 'Calling window to', 'cmp.identPrompt': 'Identification prompt (abandoned calls)',
    'cmp.amdPrompt': 'Machine message prompt', 'cmp.days': "Calling days (callee's local time)",
    'cmp.d.MONDAY': 'Mon', 'cmp.d.TUESDAY': 'Tue', 'cmp.d.WEDNESDAY': 'Wed', 'cmp.d.THURSDAY': 'Thu',
    'cmp.d.FRIDAY': 'Fri', 'cmp.d.SATURDAY': 'Sat', 'cmp.d.SUNDAY': 'Sun', 'cmp.consent': 'Require recorded consent',
    'cmp.save': 'Save', 'cmp.saved': 'Campaign {name} saved.', 'cmp.reload': 'Load the current version',
    'cmp.m.PREVIEW': 'Preview', 'cmp.m.PROGRESSIVE': 'Progressive', 'cmp.m.PREDICTIVE': 'Predictive',
    'cmp.s.DRAFT': 'Draft', 'cmp.s.RUNNING': 'Running', 'cmp.s.PAUSED': 'Paused', 'cmp.s.STOPPED': 'Stopped',
    'cmp.s.FINISHED': 'Finished', 'cmp.start': 'Start', 'cmp.pause': 'Pause', 'cmp.stop': 'Stop',
    'cmp.confirmStop': 'Stop {name} for good? A stopped campaign cannot be started again.',
    'cmp.live': 'Live figures', 'cmp.notDialing': 'Not dialing: start the campaign to see calls and agents.',
    'cmp.f.left': 'Records left', 'cmp.f.due': 'Due now', 'cmp.f.waitingForWindow': 'Waiting for the window',
    'cmp.f.done': 'Done', 'cmp.f.failed': 'Failed', 'cmp.f.dialed': 'Dialed', 'cmp.f.personAnswered': 'Answered by a person',
    'cmp.f.abandoned': 'Abandoned', 'cmp.f.abandonToday': 'Abandoned today / limit',
    'cmp.f.abandon30Day': 'Abandoned 30 days / limit', 'cmp.f.machinePercent': 'Machines', 'cmp.f.ringing': 'Ringing',
    'cmp.f.waiting': 'Waiting for an agent', 'cmp.f.talking': 'Talking', 'cmp.f.agents': 'Agents',
    'cmp.f.readyAgents': 'Ready agents', 'cmp.f.linesPerAgent': 'Lines per agent',
    'cmp.list': 'Calling list', 'cmp.csv': 'CSV file (phone, name, customer_id, consent_source, consent_at, field.<name>)',
    'cmp.upload': 'Upload list', 'cmp.report': '{rows} rows: {added} added, {failed} refused (kept as failed records).',
    'cmp.line': 'Line', 'cmp.field': 'Field', 'cmp.reason': 'Reason', 'cmp.message': 'Message',
    'cmp.records': 'Records', 'cmp.all': 'All', 'cmp.r.PENDING': 'Pending', 'cmp.r.DIALING': 'Dialing',
    'cmp.r.DONE': 'Done', 'cmp.r.FAILED': 'Failed', 'cmp.prev': 'Previous', 'cmp.next': 'Next', 'cmp.phone': 'Phone',
    'cmp.attemptsMade': 'Attempts', 'cmp.outcome': 'Last outcome', 'cmp.nextAt': 'Next attempt',
    'cmp.noRecords': 'No records in this state.',
    'cmp.err.400': 'The server refused the input:', 'cmp.err.403': 'Not allowed for your role.',
    'cmp.err.404': 'Not found (deleted or never existed).', 'cmp.err.409': 'Not possible now:',
    'cmp.err.413': 'The file is too large.', 'cmp.err.429': 'Too many lists for now:',
    'cmp.err.stale': 'Someone else changed this campaign (now version {version}); your changes were not saved.',
    'cmp.err.other': 'The server answered {status}.', 'cmp.err.network': 'The server cannot be reached.',
    'cmp.v.required': 'is required', 'cmp.v.noQueue': 'choose a queue that takes outbound calls',
    'cmp.v.ring': 'must be at least 15 seconds', 'cmp.v.days': 'choose at least one day',
    'cmp.v.fix': 'Please correct the marked fields.', 'cmp.v.file': 'Choose a CSV file first.',
    'dnc.title': 'Do-not-call lists', 'dnc.list': 'List', 'dnc.add': 'Add number', 'dnc.show': 'Show list',
    'dnc.csv': 'CSV file (phone, source)', 'dnc.import': 'Import into the list', 'dnc.source': 'Source',
    'dnc.added': 'Added', 'dnc.empty': 'This list is empty.', 'dnc.remove': 'Remove',
    'dnc.addedPhone': '{phone} is on the list.', 'dnc.removed': '{phone} was removed.',
    'dnc.report': '{rows} rows: {added} added, {already} already listed, {rejected} refused.',
  },
  zh: {
    'app.title': 'OpenUCC 坐席控制台',
    'login.title': '登录', 'login.username': '用户名', 'login.password': '密码', 'login.submit': '登录',
    'login.failed': '登录失败：{message}',
    'nav.agent': '坐席', 'nav.supervisor': '班长', 'nav.logout': '退出', 'nav.language': 'English',
    'conn.open': '已连接', 'conn.connecting': '正在连接…', 'conn.reconnecting': '正在重新连接…', 'conn.closed': '已断开',
    'conn.lost': '连接已断开；该操作可能未执行。',
    'conn.notConnected': '未连接；正在重新连接…',
    'state.LOGGED_OUT': '未登录', 'state.NOT_READY': '未就绪', 'state.READY': '就绪', 'state.RESERVED': '来电振铃',
    'state.BUSY': '通话中', 'state.WRAP_UP': '话后处理',
    'agent.ready': '就绪', 'agent.notReady': '未就绪', 'agent.reason': '原因', 'agent.timeInState': '状态持续',
    'agent.noPhone': '未注册话机：不会分配来电',
    'agent.pickReason': '请选择原因…', 'agent.reasonFirst': '请先选择未就绪原因。',
    'reason.login': '刚登录', 'reason.missed': '多次未接（系统设置）',
    'reason.not-ready': '未就绪（未给出原因）', 'reason.logout': '正在签出',
    'work.pickQueue': '请选择队列…',
    'offer.title': '新的{channel}接入', 'offer.queue': '队列', 'offer.expires': '请在此时间内接听',
    'offer.accept': '接听', 'offer.decline': '拒绝', 'offer.unknownCustomer': '未知客户',
    'offer.ended.DECLINED': '已拒绝。', 'offer.ended.TIMED_OUT': '振铃超时。',
    'offer.ended.RESCINDED': '接入已撤回（已被他人接听或客户已挂断）。',
    'work.none': '当前没有处理中的接入。', 'work.hold': '保持', 'work.resume': '恢复', 'work.hangup': '挂断',
    'work.end': '结束', 'work.transfer': '转接', 'work.transferTo': '转到队列', 'work.transferToNumber': '转到号码', 'work.held': '保持中',
    'work.state.CONNECTED': '已接通', 'work.state.HELD': '保持中', 'work.state.WRAP_UP': '话后处理',
    'work.state.ENDED': '已结束', 'work.state.OFFERED': '振铃中',
    'wrap.title': '话后处理', 'wrap.disposition': '处理结果', 'wrap.notes': '备注（保存到客户）',
    'wrap.followUp': '创建跟进任务', 'wrap.followUpSubject': '任务', 'wrap.followUpDue': '截止',
    'wrap.submit': '完成话后处理', 'wrap.endsIn': '剩余', 'wrap.done': '话后处理已保存。',
    'pop.title': '客户', 'pop.none': '未识别客户；请在下方搜索。', 'pop.contacts': '联系人',
    'pop.cases': '未结工单', 'pop.history': '最近接触', 'pop.context': 'IVR 路径和上下文',
    'pop.notes': '备注', 'pop.addNote': '添加备注', 'pop.noCases': '没有未结工单', 'pop.noHistory': '没有以前的接触',
    'pop.account': '账号', 'pop.otherMatches': '另有 {n} 个联系人使用此号码：请询问来电者身份',
    'pop.problem': '部分记录缺失：{problem}', 'pop.edit': '编辑',
    'edit.name': '名称', 'edit.tier': '等级', 'edit.industry': '行业', 'edit.city': '城市', 'edit.save': '保存',
    'search.title': '客户搜索', 'search.placeholder': '姓名、电话或邮箱', 'search.go': '搜索',
    'search.none': '没有找到客户。',
    'preview.title': '预览', 'preview.customer': '客户卡片', 'preview.attempt': '第 {n} 次尝试',
    'preview.dial': '拨打', 'preview.skip': '跳过', 'preview.callbackAt': '回拨时间', 'preview.callback': '预约回拨',
    'preview.skipped': '已跳过该记录。', 'preview.callbackSet': '该记录将在 {at} 再次分配给您。',
    'preview.withdrawn': '预览已收回（有其他工作到来，或等待时间过长）。',
    'dial.title': '拨号盘', 'dial.number': '号码', 'dial.call': '呼叫', 'dial.clear': '清除',
    'dial.callNumber': '呼叫 {number}', 'dial.started': '正在呼叫 {number}：您的话机会先振铃。',
    'dial.noPhone': '该客户没有登记电话号码。', 'dtmf.title': '按键（DTMF）',
    'kb.title': '知识库', 'kb.placeholder': '搜索标准答案', 'kb.none': '没有找到答案。',
    'kb.add': '添加答案', 'kb.articleTitle': '标题', 'kb.body': '答案', 'kb.tags': '标签',
    'board.title': '公告板', 'board.none': '没有消息。', 'board.post': '发布', 'board.placeholder': '发给所有坐席的消息',
    'board.new': '{author} 发布了新消息',
    'sup.queues': '队列', 'sup.agents': '坐席', 'sup.chart': '今日服务水平和话务量',
    'sup.queue': '队列', 'sup.waiting': '排队', 'sup.longest': '最长等待', 'sup.offered': '进线',
    'sup.answered': '接听', 'sup.abandoned': '放弃', 'sup.sl': '服务水平', 'sup.target': '目标',
    'sup.asa': '平均应答', 'sup.aht': '平均处理', 'sup.agent': '坐席', 'sup.state': '状态', 'sup.reason': '原因',
    'sup.time': '状态时长', 'sup.current': '当前接入', 'sup.handled': '今日处理',
    'sup.actions': '操作', 'sup.forceNotReady': '置为未就绪', 'sup.logout': '签出', 'sup.skills': '技能',
    'sup.skillsPrompt': '{agent} 的技能，格式 技能:等级，用逗号分隔', 'sup.saved': '已保存。',
    'sup.volume': '话务量（进线）', 'sup.slLine': '服务水平 %',
    'forbidden': '禁止访问：此页面仅供班长使用。',
    'canned.title': '标准答案', 'canned.insert': '插入',
    'chat.typing': '访客正在输入…', 'chat.away': '访客已离开页面；会话等待其返回。',
    'chat.placeholder': '消息（回车发送，Shift+回车换行）', 'chat.send': '发送',
    'chat.from.visitor': '访客', 'chat.from.agent': '坐席', 'chat.delivered': '已送达', 'chat.read': '已读',
    'email.reply': '回复', 'email.send': '发送回复', 'email.sent': '回复已发送。',
    'email.from': '来自 {who}', 'email.to': '发给 {who}', 'email.new': '{from} 的新邮件：{subject}',
    'error': '错误：{message}',
    'rep.title': '历史报表', 'rep.wallboard': '实时监控', 'rep.reports': '报表', 'rep.from': '开始日期', 'rep.to': '结束日期',
    'rep.interval': '时段', 'rep.groupBy': '分组', 'rep.run': '查看报表', 'rep.csv': '下载 CSV', 'rep.table': '数据',
    'rep.chart': '各时段进线量', 'rep.chartOf': '各时段{figure}', 'rep.empty': '此时间范围内没有数据。', 'rep.total': '合计',
    'rep.zone': '时间为呼叫中心时区 {zone}；数据包含交互日志至第 {through} 条事件。', 'rep.catchingUp': '（仍在追赶日志）', 'rep.i.MIN15': '15 分钟',
    'rep.i.MIN30': '30 分钟', 'rep.i.HOUR': '小时', 'rep.i.DAY': '天', 'rep.i.WEEK': '周', 'rep.i.MONTH': '月',
    'rep.g.QUEUE': '队列', 'rep.g.AGENT': '坐席', 'rep.g.CHANNEL': '渠道', 'rep.g.SKILL': '技能',
    'rep.g.DISPOSITION': '处理结果', 'rep.g.REASON': '未就绪原因', 'rep.g.AGENT_REASON': '坐席及未就绪原因', 'rep.c.offered': '进线', 'rep.c.answered': '接听',
    'rep.c.abandoned': '放弃', 'rep.c.shortAbandoned': '短时放弃', 'rep.c.serviceLevelPercent': '服务水平',
    'rep.c.abandonPercent': '放弃率', 'rep.c.asaSeconds': '平均应答', 'rep.c.ahtSeconds': '平均处理',
    'rep.c.averageAfterContactWorkSeconds': '话后处理', 'rep.c.averageHoldSeconds': '平均保持',
    'rep.c.averageTalkSeconds': '平均通话', 'rep.c.transfers': '转接', 'rep.c.callbacks': '回呼',
    'rep.c.callbacksKept': '已回呼', 'rep.c.fcrPercent': '首次解决率', 'rep.c.handled': '处理', 'rep.c.readySeconds': '就绪',
    'rep.c.notReadySeconds': '未就绪', 'rep.c.busySeconds': '忙碌', 'rep.c.wrapUpStateSeconds': '话后处理',
    'rep.c.loggedInSeconds': '登录时长', 'rep.c.occupancyPercent': '占用率', 'rep.c.utilisationPercent': '利用率',
    'cmp.campaigns': '外呼活动', 'cmp.title': '外呼活动', 'cmp.new': '新建活动', 'cmp.none': '还没有外呼活动。',
    'cmp.name': '名称', 'cmp.state': '状态', 'cmp.mode': '模式', 'cmp.queue': '队列', 'cmp.left': '剩余记录',
    'cmp.done': '已完成', 'cmp.failed': '失败', 'cmp.create': '新建外呼活动', 'cmp.edit': '编辑 {name}',
    'cmp.callerId': '主叫号码', 'cmp.ring': '振铃超时（秒，至少 15）', 'cmp.limit': '放弃率上限 %',
    'cmp.attempts': '最多尝试次数', 'cmp.amd': '答录机检测', 'cmp.amd.OFF': '关闭',
    'cmp.amd.HANG_UP': '挂断', 'cmp.amd.LEAVE_MESSAGE': '留言', 'cmp.windowFrom': '呼叫时段开始',
    'cmp.windowTo': '呼叫时段结束', 'cmp.identPrompt': '身份说明语音（放弃的呼叫）',
    'cmp.amdPrompt': '答录机留言语音', 'cmp.days': '呼叫日（被叫方当地时间）',
    'cmp.d.MONDAY': '周一', 'cmp.d.TUESDAY': '周二', 'cmp.d.WEDNESDAY': '周三', 'cmp.d.THURSDAY': '周四',
    'cmp.d.FRIDAY': '周五', 'cmp.d.SATURDAY': '周六', 'cmp.d.SUNDAY': '周日', 'cmp.consent': '需要已记录的同意',
    'cmp.save': '保存', 'cmp.saved': '活动 {name} 已保存。', 'cmp.reload': '载入当前版本',
    'cmp.m.PREVIEW': '预览式', 'cmp.m.PROGRESSIVE': '渐进式', 'cmp.m.PREDICTIVE': '预测式',
    'cmp.s.DRAFT': '草稿', 'cmp.s.RUNNING': '运行中', 'cmp.s.PAUSED': '已暂停', 'cmp.s.STOPPED': '已停止',
    'cmp.s.FINISHED': '已完成', 'cmp.start': '开始', 'cmp.pause': '暂停', 'cmp.stop': '停止',
    'cmp.confirmStop': '确定永久停止 {name}？停止后的活动不能再次开始。',
    'cmp.live': '实时数据', 'cmp.notDialing': '未在拨号：开始活动后可查看呼叫和坐席。',
    'cmp.f.left': '剩余记录', 'cmp.f.due': '当前待拨', 'cmp.f.waitingForWindow': '等待呼叫时段',
    'cmp.f.done': '已完成', 'cmp.f.failed': '失败', 'cmp.f.dialed': '已拨打', 'cmp.f.personAnswered': '真人接听',
    'cmp.f.abandoned': '放弃', 'cmp.f.abandonToday': '今日放弃率 / 上限',
    'cmp.f.abandon30Day': '30 天放弃率 / 上限', 'cmp.f.machinePercent': '答录机', 'cmp.f.ringing': '振铃中',
    'cmp.f.waiting': '等待坐席', 'cmp.f.talking': '通话中', 'cmp.f.agents': '坐席',
    'cmp.f.readyAgents': '就绪坐席', 'cmp.f.linesPerAgent': '每坐席线路数',
    'cmp.list': '呼叫名单', 'cmp.csv': 'CSV 文件（phone, name, customer_id, consent_source, consent_at, field.<name>）',
    'cmp.upload': '上传名单', 'cmp.report': '共 {rows} 行：添加 {added} 行，拒绝 {failed} 行（保存为失败记录）。',
    'cmp.line': '行', 'cmp.field': '字段', 'cmp.reason': '原因', 'cmp.message': '说明',
    'cmp.records': '记录', 'cmp.all': '全部', 'cmp.r.PENDING': '待拨', 'cmp.r.DIALING': '拨号中',
    'cmp.r.DONE': '已完成', 'cmp.r.FAILED': '失败', 'cmp.prev': '上一页', 'cmp.next': '下一页', 'cmp.phone': '电话',
    'cmp.attemptsMade': '尝试次数', 'cmp.outcome': '最近结果', 'cmp.nextAt': '下次尝试',
    'cmp.noRecords': '此状态下没有记录。',
    'cmp.err.400': '服务器拒绝了输入：', 'cmp.err.403': '您的角色无权执行此操作。',
    'cmp.err.404': '未找到（已删除或不存在）。', 'cmp.err.409': '当前无法执行：',
    'cmp.err.413': '文件太大。', 'cmp.err.429': '名单提交过于频繁：',
    'cmp.err.stale': '其他人已修改此活动（当前版本 {version}）；您的修改未保存。',
    'cmp.err.other': '服务器返回 {status}。', 'cmp.err.network': '无法连接服务器。',
    'cmp.v.required': '必填', 'cmp.v.noQueue': '请选择接受外呼的队列',
    'cmp.v.ring': '至少 15 秒', 'cmp.v.days': '至少选择一天',
    'cmp.v.fix': '请修正标出的字段。', 'cmp.v.file': '请先选择 CSV 文件。',
    'dnc.title': '禁呼名单', 'dnc.list': '名单', 'dnc.add': '添加号码', 'dnc.show': '显示名单',
    'dnc.csv': 'CSV 文件（phone, source）', 'dnc.import': '导入到名单', 'dnc.source': '来源',
    'dnc.added': '添加时间', 'dnc.empty': '此名单为空。', 'dnc.remove': '移除',
    'dnc.addedPhone': '{phone} 已加入名单。', 'dnc.removed': '{phone} 已移除。',
    'dnc.report': '共 {rows} 行：添加 {added} 行，已在名单 {already} 行，拒绝 {rejected} 行。',
  },
};

const listeners = [];
let lang = localStorage.getItem('openucc.lang') || ((navigator.language || 'en').startsWith('zh') ? 'zh' : 'en');
if (!dict[lang]) lang = 'en';

export function language() {
  return lang;
}

export function t(key, params = {}) {
  const text = dict[lang][key] ?? dict.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/**
 * Reason codes the server sets by itself (RoutingEngine, RecoveryPlan, routing.missedReasonCode's default):
 * shown with the labels below ('reason.<code>'), never offered in a reason picker.
 */
export const SYSTEM_REASONS = ['login', 'missed', 'not-ready', 'logout'];

/** A NOT_READY reason for people: a system reason's label in this language, else the configured label, else the code. */
export function reasonLabel(code, reasonCodes = []) {
  if (!code) return '';
  const key = `reason.${code}`;
  if (dict[lang][key] ?? dict.en[key]) return t(key);
  return reasonCodes.find(r => r.code === code)?.label || code;
}

/** Translates every marked element under root. */
export function translate(root = document) {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

export function setLanguage(next) {
  lang = dict[next] ? next : 'en';
  localStorage.setItem('openucc.lang', lang);
  translate();
  listeners.forEach(f => f(lang));
}

/** Called after a language switch, to re-render text that scripts produced. */
export function onLanguageChange(f) {
  listeners.push(f);
}

/** Wires a button that toggles between English and Chinese. */
export function languageToggle(button) {
  button.addEventListener('click', () => setLanguage(lang === 'en' ? 'zh' : 'en'));
}
