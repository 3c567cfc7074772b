# Discord의 답장, 로그 채널, DM (한국어). 변수는 en-US/discord.ftl 참고.

## 어떤 명령어에서든 나올 수 있는 오류

error-database-away = 지금 봇의 데이터베이스가 응답하지 않습니다. 1분 후에 다시 시도해 주세요.
error-internal = 봇 쪽에서 문제가 발생했습니다. 기록해 두었으니 잠시 후 다시 시도해 주세요.
error-use-in-server = 서버 안에서 사용해 주세요.
error-needs-manage-roles = { $what }에는 '역할 관리' 권한이 필요합니다.
error-needs-manage-guild = { $what }에는 '서버 관리' 권한이 필요합니다.

## /link 와 /unlink

link-slash-only = /link는 슬래시 명령어로 사용해 주세요.
link-already =
    Resonite 계정 **{ $username }**(`{ $resonite_id }`)에 연결되어 있습니다.
    다른 계정을 연결하거나 이 계정을 새로 고치려면 아래 버튼으로 Resonite에 로그인하세요.
link-intro = 아래 버튼으로 Resonite에 로그인하고 접근을 허용하세요. 연결이 끝나면 역할이 부여됩니다.
link-button-expires = 이 버튼은 { $minutes }분 동안 한 번만 사용할 수 있습니다.
link-button = Resonite에서 연결하기
linked-head = ✅ Resonite 계정 **{ $username }**(`{ $resonite_id }`)에 연결되었습니다.
linked-replaces = 이전에 연결된 **{ $old_username }** 계정을 대신합니다.
roles-on-their-way = 역할이 곧 부여됩니다. 따로 하실 일은 없습니다.
link-failed-denied = ❌ 연결이 완료되지 않았습니다: Resonite에서 거부하셨습니다. 다시 시도하려면 `/link`를 실행하세요.
link-failed-taken = ❌ 연결이 완료되지 않았습니다: Resonite 계정 **{ $username }**은(는) 이미 다른 Discord 계정에 연결되어 있습니다. 다시 시도하려면 `/link`를 실행하세요.
link-failed-database = ❌ 연결이 완료되지 않았습니다: 지금 봇의 데이터베이스가 응답하지 않습니다. 1분 뒤에 같은 버튼을 다시 쓸 수 있습니다. 다시 시도하려면 `/link`를 실행하세요.
link-failed-resonite = ❌ 연결이 완료되지 않았습니다: Resonite에서 처리를 마치지 못했습니다. 다시 시도하려면 `/link`를 실행하세요.
unlink-done = Resonite 계정 **{ $username }**과(와)의 연결을 해제했습니다. 다시 연결하려면 `/link`를 사용하세요.
unlink-roles-pending = 봇이 관리하는 역할을 제거하는 중입니다. 잠시 걸릴 수 있습니다.
unlink-none = 연결된 Resonite 계정이 없습니다. 연결하려면 `/link`를 사용하세요.

## /update

update-use-in-server = /update는 서버 안에서 사용해 주세요.
update-needs-manage-roles = 다른 멤버를 업데이트하려면 '역할 관리' 권한이 필요합니다. 자기 자신은 언제든 /update 할 수 있습니다.
update-queued = 요청이 대기열에 들어갔습니다. 1분 안에 역할이 반영됩니다(지금 Discord의 응답이 느립니다).
update-not-member-self = 이 서버의 멤버가 아닙니다.
update-not-member-other = 해당 사용자는 이 서버의 멤버가 아닙니다.
update-not-linked-self = Resonite 계정에 연결되어 있지 않아 연결로 받는 역할이 없습니다. 연결하려면 `/link`를 사용하세요.
update-not-linked-other = { $name } 님은 Resonite 계정에 연결되어 있지 않아 연결로 받는 역할이 없습니다. `/link`로 연결할 수 있습니다.
update-done = 역할을 업데이트했습니다.
update-up-to-date = 역할이 이미 최신 상태입니다.
update-retrying = 일부 역할에 대해 Discord가 응답하지 않았습니다. 봇이 계속 재시도합니다.

## /sync

sync-action = 전체 멤버 동기화
sync-starting = 동기화 중: 시작하는 중…
sync-progress = 동기화 중: 연결된 계정 { $done }/{ $total }개 확인, 역할 변경 { $changed }건, 오류 { $errors }건.
sync-finished = 동기화 완료: 연결된 계정 { $done }/{ $total }개 확인, 역할 변경 { $changed }건, 오류 { $errors }건.
sync-no-key = Resonite 재확인이 꺼져 있습니다(TOKEN_ENCRYPTION_KEY 없음). 역할은 연결할 때 저장된 프로필을 기준으로 동기화되었습니다.
sync-already-running = 이 서버에서 이미 동기화가 진행 중입니다. 진행 상황은 해당 메시지에 표시됩니다. 끝난 뒤에 다시 시도해 주세요.

## 동기화 결과 (멤버용)

report-granted = 부여된 역할: { $roles }
report-removed = 제거된 역할: { $roles }
report-failed = { $role } 역할을 변경하지 못했습니다: { $why }
report-role-unknown = 역할 { $role }
report-list-separator = {", "}
report-why-permissions = 봇에게 권한이 없습니다(서버 관리자가 봇의 역할을 더 위로 옮길 수 있습니다)
report-why-deleted = 역할이 삭제되었습니다
report-why-transient = Discord가 응답하지 않았습니다. 봇이 계속 재시도합니다
report-why-not-member = 멤버가 서버에 없습니다
report-why-other = Discord가 거부했습니다({ $error })

## 로그 채널 (서버 언어)

log-linked = 🔗 <@{ $user }> 님이 Resonite 계정 **{ $username }**(`{ $resonite_id }`)을(를) 연결했습니다
log-relinked = 🔗 <@{ $user }> 님이 **{ $old_username }** 대신 Resonite 계정 **{ $username }**(`{ $resonite_id }`)을(를) 연결했습니다
log-unlinked = ⛓️‍💥 <@{ $user }> 님이 Resonite 계정 **{ $username }**(`{ $resonite_id }`)의 연결을 해제했습니다
log-roles-changed = <@{ $user }> ({ $cause }): { $changes }
log-role-deleted = ⚠️ 역할 { $role }이(가) 삭제되어 해당 규칙이 비활성화되었습니다. `/roles remove`로 규칙을 제거하거나 다른 역할에 규칙을 추가하세요.
log-missing-permissions = ⚠️ <@{ $user }> 님의 <@&{ $role }> 역할을 변경하지 못했습니다: 봇에게 '역할 관리' 권한을 주고 봇의 역할을 <@&{ $role }>보다 위로 옮기세요.
log-change-failed = ⚠️ <@{ $user }> 님의 <@&{ $role }> 역할을 변경하지 못했습니다: { $error }.
log-gave-up = ⚠️ <@{ $user }> 님의 역할을 하루 동안 업데이트하지 못해({ $error }) 봇이 재시도를 멈췄습니다. `/update`로 다시 시도할 수 있고, `/roles list`에서 아직 실패 중인 항목을 볼 수 있습니다.
cause-linked = Resonite 계정 연결
cause-unlinked = Resonite 계정 연결 해제
cause-update = 요청에 따른 역할 업데이트
cause-joined = 서버 참가
cause-sweep = 재확인
cause-rules = 서버 역할 규칙 변경

## DM (/link 할 때의 언어)

dm-link-stale = Resonite 연결(**{ $username }**)을 갱신해야 합니다. Resonite가 더 이상 봇의 접근을 허용하지 않습니다. 역할을 유지하려면 서버에서 `/link`를 실행하세요. 그렇지 않으면 { $grace_days }일 후에 서포터 역할이 제거됩니다.
dm-linked-roles-disconnected = Discord 프로필의 Resonite 연결이 더 이상 업데이트되지 않습니다. Discord가 더 이상 봇의 접근을 허용하지 않기 때문입니다. 다시 연결하려면 서버 메뉴 → 연결된 역할(Linked Roles)을 열고 resonite-verify 연결을 다시 선택하세요(`/link` 결과 페이지의 링크를 써도 됩니다).

## 봇을 통해 누가 무엇을 할 수 있는지 (issue 23)

error-permission-from-roles = 이 서버에서 내 역할이 가진 권한만 인정됩니다. 한 채널에서만 주어진 권한은 인정되지 않습니다.
unlink-confirm = Resonite 계정 **{ $username }**과(와)의 연결을 해제할까요? 봇은 연결을 잊고, 모든 서버에서 봇이 준 역할을 제거합니다. **해제**를 누르기 전에는 아무것도 바뀌지 않습니다.
unlink-confirm-button = 해제
unlink-cancel-button = 연결 유지
unlink-cancelled = 아무것도 바뀌지 않았습니다. 연결은 그대로입니다.
unlink-not-yours = 이 버튼은 다른 사람의 `/unlink`에 속합니다.
unlink-action = 다른 멤버의 연결 해제
unlink-user-none = <@{ $user }> 님에게는 연결된 Resonite 계정이 없습니다.
unlink-user-done = <@{ $user }> 님과 Resonite 계정 **{ $username }**의 연결을 해제했습니다.
unlink-user-told = 본인에게 DM으로 알렸습니다.
unlink-user-not-told = 본인에게 DM으로 알리지 못했습니다(DM이 닫혀 있습니다).
dm-unlinked-by-admin = **{ $server }**의 관리자가 내 Discord 계정과 Resonite 계정 **{ $username }**의 연결을 해제했습니다. 연결로 받은 역할은 제거됩니다. 다시 연결하려면 서버에서 `/link`를 실행하세요.
