# 관리자용 명령어 /roles, /config, /whois, /doctor (한국어). 변수는 en-US/controls.ftl 참고.
# 옵션 이름(`역할:`, `값:` …), 규칙 종류(`linked`, `tier-at-least` …), 플레이스홀더({ "{resonite}" } …),
# 명령어 이름은 관리자가 직접 입력하므로 영어 그대로 둡니다.

## /roles add, remove, list

roles-action = 역할 규칙 관리
roles-value-invalid = `값:` { $error }.
roles-group-taken = <@&{ $role }> 역할은 이미 `{ $group }` 그룹에 속해 있으며, 한 역할은 한 그룹에만 속할 수 있습니다. `그룹:{ $group }` 옵션을 쓰거나, 먼저 `/roles remove`로 이 역할의 규칙을 제거하세요.
roles-role-refused = `역할:` 봇이 그 역할을 사용할 수 없습니다: { $reason }.
roles-in-group = 이 역할은 `{ $group }` 그룹에 속해 있습니다. 멤버는 그룹의 역할 중 조건을 충족하는 가장 높은 역할만 가집니다.
roles-added-unlinked = 추가됨: '{ $condition }' 조건의 멤버에게 <@&{ $role }> 역할을 부여합니다(봇은 받지 않습니다). 지금 이 서버의 멤버 { $count }명을 확인하는 중입니다. 연결하면 제거되고, 연결을 해제하면 다시 부여되며, 연결 없이 참가한 멤버에게도 부여됩니다.
roles-added = 추가됨: '{ $condition }' 조건을 충족하는 연결된 멤버에게 <@&{ $role }> 역할을 부여합니다. 지금 이 서버의 연결된 멤버 { $count }명에게 적용하는 중이며, 새 멤버는 연결할 때 받습니다.
roles-exists = <@&{ $role }> 역할에는 이미 '{ $condition }' 규칙이 있으며 활성 상태입니다.
roles-remove-none = <@&{ $role }> 역할에는 규칙이 없습니다.
roles-remove-none-kind = <@&{ $role }> 역할에는 `{ $kind }` 규칙이 없습니다.
roles-removed = <@&{ $role }> 역할의 규칙 { $count }개를 제거했습니다. 이 역할을 가진 멤버는 그대로 유지하며, 다른 규칙이 이 역할을 지정하지 않는 한 봇은 더 이상 이 역할을 부여하거나 제거하지 않습니다.
roles-list-empty = 아직 역할 규칙이 없습니다. `/roles add 역할: 규칙: [값:]`로 추가하세요. 예: 현재 Patreon 후원자에게는 `patreon` 규칙.
roles-list-head = **역할 규칙** ({ $count }개)
roles-list-disabled = 비활성화됨: { $reason }
roles-list-withheld = 주지 않음: 역할에 위험한 권한이 있고, 규칙은 소유자도 관리자도 아닌 사람이 추가했습니다(`/doctor` 참고)
roles-list-group = [`{ $group }` 그룹]
roles-list-rule = • <@&{ $role }> ← { $condition }{ $group }
roles-list-rule-problem = • ⚠️ <@&{ $role }> ← { $condition }{ $group } — 적용할 수 없음: { $problem }
roles-list-swept = 마지막 재확인: <t:{ $at }:R>.
roles-list-not-swept = 아직 재확인하지 않았습니다.
roles-list-pending = 멤버 { $count }명이 역할 적용을 기다리고 있습니다.
roles-list-failed-head = ⚠️ 하루 동안 적용하지 못한 역할({ $count }건). 해당 멤버에게 `/update`를 실행하면 다시 시도합니다:
roles-list-failed = • <@{ $user }>: { $error } (<t:{ $at }:R>부터)

## 규칙이 프로필에 요구하는 조건

condition-linked = 연결된 Resonite 계정
condition-supporter = 현재 Resonite 서포터
condition-patreon = 현재 Patreon 후원자
condition-tier-at-least = 현재 티어 ≥ { $amount }
condition-lifetime-at-least = 누적 후원액 ≥ { $amount }
condition-months-at-least = { $count }개월 이상 후원
condition-tag = 태그 `{ $tag }`
condition-neos-supporter = Neos 시절 Patreon 후원자
condition-account-age-at-least = 계정 생성 후 { $count }일 이상
condition-unlinked = 연결된 Resonite 계정 없음

## value:를 받아들이지 않은 이유

rule-error-unknown-kind = `{ $kind }`은(는) 규칙 종류가 아닙니다. 다음 중 하나를 사용하세요: { $kinds }
rule-error-missing = `{ $kind }` 규칙에는 값이 필요합니다: { $hint }
rule-error-unexpected = `{ $kind }` 규칙은 값을 받지 않는데 `{ $value }`이(가) 입력되었습니다. 값을 비워 두세요
rule-error-not-a-number = `{ $value }`은(는) `{ $kind }` 규칙에 맞는 값이 아닙니다. 필요한 값: { $hint }
rule-error-negative = `{ $value }`은(는) 음수입니다. `{ $kind }` 규칙에는 0 이상이 필요합니다
rule-error-too-large = `{ $value }`은(는) `{ $kind }` 규칙에 너무 큽니다. 최댓값은 { $max }입니다
rule-error-empty-tag = 태그가 비어 있습니다. `mentor`처럼 Resonite 프로필 태그를 입력하세요
rule-error-tag-too-long = 태그가 { $count }자입니다. 최대 { $max }자까지 가능합니다
rule-hint-cents = 센트 단위 숫자(예: $6이면 600) 또는 $ 기호를 붙인 달러(예: $6, $6.50)
rule-hint-months = 개월 수를 나타내는 정수(예: 12)
rule-hint-tag = Resonite 프로필 태그(예: mentor, team member)
rule-hint-days = 일수를 나타내는 정수(예: 30)
rule-hint-number = 숫자

## group:을 받아들이지 않은 이유

group-error-empty = `그룹:`이 비어 있습니다. `tiers` 같은 이름을 입력하거나 이 옵션을 빼세요
group-error-too-long = `그룹:`이 { $count }자입니다. 최대 { $max }자까지 가능합니다(예: `tiers`)
group-error-bad-character = `그룹:`에는 문자, 숫자, 공백, `-`, `_`만 쓸 수 있는데 `{ $name }`에는 다른 문자가 있습니다. 예: `tiers`

## 봇이 역할을 관리할 수 없는 이유($role: 역할 이름, 예: @Patron)

refusal-everyone = @everyone은 모든 멤버가 가진 역할입니다. 멤버에게 부여할 수 있는 역할을 고르세요
refusal-managed = { $role } 역할은 연동(봇 또는 구독)이 관리하므로 Discord에서 누구도 부여할 수 없습니다
refusal-above-bot = { $role } 역할이 봇의 가장 높은 역할과 같거나 더 위에 있습니다. 서버 설정 → 역할에서 봇의 역할을 { $role } 역할보다 위로 옮기세요
refusal-no-manage-roles = 봇에게 '역할 관리' 권한이 없습니다. 봇의 역할에 이 권한을 주세요
refusal-deleted = 그 역할은 더 이상 존재하지 않습니다

## /config

config-action = 봇 설정 변경
config-log-channel-set = 연결, 연결 해제, 역할 변경이 <#{ $channel }> 채널에 게시됩니다. 봇이 그 채널에 메시지를 보낼 수 있는지 확인하세요(`/doctor`로 점검할 수 있습니다).
config-log-channel-off = 봇이 더 이상 로그 채널에 게시하지 않습니다.
config-bypass-everyone = `역할:` @everyone으로 하면 모든 멤버가 예외가 됩니다. 일부 멤버만 가진 역할을 고르세요(예: `역할:@Staff`).
config-bypass-granted = `역할:` <@&{ $role }> 역할은 규칙으로 부여되므로, 이 역할을 받은 멤버는 더 이상 업데이트되지 않게 됩니다. 관리자가 직접 주는 역할을 고르세요(예: `역할:@Staff`).
config-bypass-set = <@&{ $role }> 역할을 가진 멤버는 봇이 절대 바꾸지 않습니다. 역할과 닉네임이 그대로 유지됩니다. `/whois`와 `/roles preview`에도 그렇게 표시됩니다.
config-bypass-cleared = 예외 역할을 해제했습니다. 모든 멤버가 다시 조건에 맞는 역할을 받습니다.
config-bypass-none = 설정된 예외 역할이 없습니다.
config-nickname-not-managed = 이 서버에서는 봇이 닉네임을 관리하지 않습니다.
config-nickname-off = 봇이 더 이상 닉네임을 관리하지 않습니다.
config-nickname-off-given-back = 봇이 더 이상 닉네임을 관리하지 않습니다. 봇이 이름을 바꾼 멤버 { $count }명의 닉네임을 지금 이전 닉네임으로 되돌립니다(그 사이에 직접 바꾼 경우는 제외).
config-nickname-invalid = `템플릿:` { $error }.
config-nickname-no-permission = 봇에게 '별명 관리'(Manage Nicknames) 권한이 없습니다. 서버 설정 → 역할 → 봇의 역할에서 '별명 관리'를 켠 다음 다시 실행하세요. 아무것도 변경되지 않았습니다.
config-nickname-example-linked = 내 닉네임은 **{ $nick }**(으)로 표시됩니다
config-nickname-example = ResoniteName이라는 Resonite 계정에 연결되어 있다면 내 닉네임은 **{ $nick }**(으)로 표시됩니다
config-nickname-set = 이제 연결된 멤버의 닉네임이 `{ $template }` 형식을 따릅니다. { $example }. 지금 이 서버의 연결된 멤버 { $count }명에게 적용하는 중입니다. 서버 소유자와, 가장 높은 역할이 봇의 역할보다 위에 있는 멤버는 기존 닉네임을 유지합니다(`/doctor`에 목록이 나옵니다). 연결을 해제하거나 템플릿을 지우면 모두 이전 닉네임으로 돌아갑니다.
template-error-unknown = `{ $name }`은(는) 알 수 없는 플레이스홀더입니다. { "{resonite}" }(Resonite 사용자 이름), { "{discord}" }(Discord 사용자 이름), { "{display}" }(Discord 표시 이름) 중 하나를 사용하세요. 예: `{ "{display} ({resonite})" }`
template-error-unclosed = `{ "{" }`이(가) 닫히지 않았습니다. 플레이스홀더는 { "{resonite}" }처럼 씁니다. 예: `{ "{display} ({resonite})" }`
template-error-empty = 이 템플릿으로는 닉네임이 비게 됩니다. 플레이스홀더를 넣으세요. 예: `{ "{resonite}" }`
template-error-too-long = 템플릿이 { $count }자입니다. 최대 { $max }자까지 가능합니다(닉네임은 어차피 32자에서 잘립니다). 예: `{ "{display} ({resonite})" }`
cause-settings = 서버 설정 변경

## /whois

whois-both = `멤버:`와 `resonite:` 중 하나만 입력하세요. 예: `/whois 멤버:@Member` 또는 `/whois resonite:PatronUser`.
whois-needs-manage-roles = 다른 멤버를 조회하려면 '역할 관리' 권한이 필요합니다. 자기 자신은 언제든 /whois로 조회할 수 있습니다.
whois-linked-self = Resonite 계정 **{ $username }**(`{ $resonite_id }`)에 연결되어 있습니다. 연결: <t:{ $linked }:R>, 마지막 확인: <t:{ $verified }:R>.
whois-linked-other = { $name } 님은 Resonite 계정 **{ $username }**(`{ $resonite_id }`)에 연결되어 있습니다. 연결: <t:{ $linked }:R>, 마지막 확인: <t:{ $verified }:R>.
whois-not-linked-self = Resonite 계정에 연결되어 있지 않습니다. 연결하려면 `/link`를 실행하세요.
whois-not-linked-other = { $name } 님은 Resonite 계정에 연결되어 있지 않습니다. `/link`로 연결할 수 있습니다.
whois-stale = ⚠️ <t:{ $since }:R>부터 Resonite가 이 연결을 허용하지 않습니다. `/link`를 실행해 갱신하세요. 그렇지 않으면 유예 기간이 지난 뒤 서포터 역할이 제거됩니다.
whois-linked-roles-active = 연결된 역할: 활성(Discord 프로필에 Resonite 계정이 표시되고 변경 사항도 반영됩니다).
whois-linked-roles-pushed-once = 연결된 역할: 연결 당시의 내용이 Discord 프로필에 표시됩니다(토큰 키가 설정되지 않아 업데이트되지 않음).
whois-linked-roles-pending = 연결된 역할: 연결 중(Discord가 아직 연결을 받아들이지 않았습니다).
whois-linked-roles-refused = 연결된 역할: 비활성(Discord가 더 이상 연결을 허용하지 않습니다. 서버의 연결된 역할에서 다시 연결하세요).
whois-linked-roles-none = 연결된 역할: 연결 안 됨.
whois-bypass = 🛡️ 예외 역할 <@&{ $role }>을(를) 가지고 있습니다. 이 서버에서 봇은 이 멤버의 역할이나 닉네임을 바꾸지 않습니다.
whois-resonite-blank = `resonite:`에 Resonite 사용자 이름이나 ID를 입력하세요. 예: `resonite:PatronUser` 또는 `resonite:U-PatronUser`.
whois-resonite-server = `resonite:`는 서버 안에서 사용해 주세요.
whois-resonite-needs-manage-roles = Resonite 계정에 누가 연결되어 있는지 조회하려면 '역할 관리' 권한이 필요합니다.
whois-resonite-found = Resonite 계정 **{ $username }**(`{ $resonite_id }`)은(는) <@{ $user }> 님에게 연결되어 있습니다. 연결: <t:{ $linked }:R>, 마지막 확인: <t:{ $verified }:R>.
whois-resonite-nobody = 이 서버에는 Resonite 계정 **{ $name }**에 연결된 사람이 없습니다.

## /roles preview

preview-action = 역할 규칙 미리 보기
preview-needs-role = `역할:` 규칙이 부여할 역할을 지정하세요. 예: `/roles preview 역할:@Patron 규칙:patreon`.
preview-needs-rule = `규칙:` 역할을 부여할 조건을 지정하세요. 예: `/roles preview 역할:@Patron 규칙:patreon`.
preview-stray-options = `값:`와 `그룹:`은 `규칙:`과 함께 씁니다. 예: `/roles preview 역할:@Gold 규칙:tier-at-least 값:$25 그룹:tiers`.
preview-head-rule = **미리 보기**: <@&{ $role }> ← '{ $condition }'. 아무것도 변경되지 않았습니다.
preview-head-rule-group = **미리 보기**: `{ $group }` 그룹의 <@&{ $role }> ← '{ $condition }'. 아무것도 변경되지 않았습니다.
preview-head-current = 현재 규칙 **미리 보기**: 지금 적용하면 무엇이 바뀌는지 보여 줍니다. 아무것도 변경되지 않았습니다.
preview-can-apply = ✅ 봇이 적용할 수 있습니다.
preview-cannot-apply = ❌ 봇이 적용할 수 없습니다: { $reason }.
preview-nothing = 역할을 얻거나 잃는 멤버가 없습니다(확인한 멤버 { $count }명).
preview-gains = ➕ <@&{ $role }> 역할을 { $count }명에게 부여: { $names }
preview-losses = ➖ <@&{ $role }> 역할을 { $count }명에게서 제거: { $names }
preview-gains-refused = ➕ <@&{ $role }> 역할을 { $count }명에게 부여(❌ 봇이 할 수 없음: { $reason }): { $names }
preview-losses-refused = ➖ <@&{ $role }> 역할을 { $count }명에게서 제거(❌ 봇이 할 수 없음: { $reason }): { $names }
preview-more = 외 { $count }명
preview-bypassed = 🛡️ 예외 역할 <@&{ $role }>을(를) 가진 멤버 { $count }명은 그대로 둡니다.
preview-incomplete = ⚠️ 연결된 멤버만 집계했습니다. 멤버 목록이 아직 도착하지 않았습니다(Server Members Intent를 켜세요).
preview-cut = … (나머지 변경 사항은 표시하지 않음)

## /doctor: 항목별 줄과, 문제가 있을 때의 해결 방법

doctor-action = 점검 목록 실행
doctor-head = **점검**: 이 서버의 역할을 올바르게 유지하는 항목
doctor-manage-roles-ok = 봇에게 '역할 관리' 권한이 있습니다.
doctor-manage-roles-missing = 봇에게 '역할 관리' 권한이 없습니다. 어떤 역할도 부여하거나 제거할 수 없습니다.
doctor-manage-roles-fix = 서버 설정 → 역할 → 봇의 역할에서 '역할 관리'를 켜세요.
doctor-no-rules = 아직 역할 규칙이 없습니다. 연결해도 역할이 부여되지 않습니다.
doctor-no-rules-fix = `/roles add 역할:@Linked 규칙:linked`로 추가하세요.
doctor-roles-ok = 규칙이 부여하는 모든 역할({ $count }개)이 봇의 역할보다 아래에 있습니다.
doctor-roles-problems = 봇이 부여할 수 없는 역할: { $problems }.
doctor-role-gone = 더 이상 존재하지 않는 역할
doctor-roles-fix = 봇의 역할을 이 역할들보다 위로 끌어 올리거나(서버 설정 → 역할), `/roles remove`로 해당 규칙을 제거하세요.
doctor-nicknames-no-permission = 닉네임이 `{ $template }` 형식을 따르도록 설정되어 있지만, 봇에게 '별명 관리'(Manage Nicknames) 권한이 없습니다.
doctor-nicknames-no-permission-fix = 서버 설정 → 역할 → 봇의 역할에서 '별명 관리'(Manage Nicknames)를 켜세요.
doctor-nicknames-ok = 닉네임이 `{ $template }` 형식을 따릅니다. 봇이 연결된 멤버 모두의 이름을 바꿀 수 있습니다.
doctor-nicknames-skipped = 닉네임이 `{ $template }` 형식을 따르지만, Discord에서 봇이 { $names }의 이름을 바꾸는 것을 허용하지 않습니다.
doctor-nicknames-skipped-more = 닉네임이 `{ $template }` 형식을 따르지만, Discord에서 봇이 { $names } 외 { $count }명의 이름을 바꾸는 것을 허용하지 않습니다.
doctor-skip-owner = <@{ $user }>(서버 소유자)
doctor-skip-above = <@{ $user }>(봇보다 높은 역할)
doctor-nicknames-skipped-fix = 서버 소유자의 이름은 누구도 바꿀 수 없습니다. 나머지 멤버는 봇의 역할을 그 멤버의 역할보다 위로 끌어 올리세요.
doctor-bypass = <@&{ $role }> 역할을 가진 멤버는 봇이 절대 바꾸지 않습니다.
doctor-log-none = 로그 채널이 없습니다. 연결, 연결 해제, 역할 변경이 어디에도 게시되지 않습니다.
doctor-log-none-fix = `/config log-channel 채널:#bot-log`로 설정하세요.
doctor-log-ok = 봇이 로그 채널 <#{ $channel }>에 게시할 수 있습니다.
doctor-log-not-writable = 봇이 로그 채널 <#{ $channel }>에 게시할 수 없습니다.
doctor-log-not-writable-fix = 그 채널에서 봇의 역할에 '채널 보기'(View Channel)와 '메시지 보내기'(Send Messages) 권한을 주거나, `/config log-channel`로 다른 채널을 고르세요.
doctor-log-unknown = 로그 채널 <#{ $channel }>을(를) 확인하지 못했습니다(아직 봇의 캐시에 이 서버가 없습니다).
doctor-log-unknown-fix = 1분 후에 `/doctor`를 다시 실행하세요.
doctor-log-missing = 로그 채널({ $channel })이 더 이상 존재하지 않습니다.
doctor-log-missing-fix = `/config log-channel 채널:#bot-log`로 다른 채널을 고르세요.
doctor-members-ok = 멤버 목록을 받았습니다(Server Members Intent 켜짐).
doctor-members-missing = 멤버 목록이 도착하지 않았습니다. `unlinked` 규칙과 미리 보기에서는 연결된 멤버만 보입니다.
doctor-members-missing-fix = Server Members Intent를 켜고(Developer Portal → Bot → Privileged Gateway Intents) 봇을 다시 시작하세요.
doctor-reverify-on = 재확인이 켜져 있습니다. 모든 연결을 { $every }마다 Resonite에서 확인합니다.
doctor-every-days = { $count }일
doctor-every-hours = { $count }시간
doctor-every-minutes = { $count }분
doctor-every-seconds = { $count }초
doctor-reverify-off = 재확인이 꺼져 있습니다. 역할은 각 멤버가 연결할 때의 프로필을 따릅니다.
doctor-reverify-off-fix = 봇 운영자가 TOKEN_ENCRYPTION_KEY를 설정하고(README 참고) 봇을 다시 시작해야 합니다.
doctor-swept = 마지막 재확인: <t:{ $at }:R>.
doctor-not-swept = 아직 재확인하지 않았습니다.
doctor-not-swept-fix = `/sync`를 실행하면 지금 모두를 재확인합니다.
doctor-not-swept-nothing = 아직 재확인하지 않았습니다(재확인할 대상이 없습니다).
doctor-linked-roles-on = 연결된 역할이 켜져 있습니다. 멤버가 Discord 프로필에 Resonite를 연결할 수 있습니다.
doctor-linked-roles-off = 연결된 역할이 꺼져 있습니다(운영자가 DISCORD_CLIENT_SECRET으로 켤 수 있습니다. 선택 사항).
doctor-stale-none = 만료된 연결이 없습니다.
doctor-stale = Resonite가 더 이상 연결을 인정하지 않는 멤버가 { $count }명 있습니다(만료된 연결).
doctor-stale-fix = 이 멤버들에게 `/link`를 다시 실행하라고 안내했습니다. 유예 기간이 지나면 서포터 역할이 제거됩니다.
doctor-pending-none = 대기 중인 역할 변경이 없습니다.
doctor-pending = 멤버 { $count }명이 역할 적용을 기다리고 있습니다.
doctor-pending-fix = 숫자가 줄어들고 있다면 할 일은 없습니다. 줄지 않으면 위의 항목(권한, 역할 순서)을 확인하세요.
doctor-failed-none = 실패한 역할 변경이 없습니다.
doctor-failed = 멤버 { $count }명의 역할을 하루 동안 적용하지 못했습니다:
doctor-failed-member = • <@{ $user }>: { $error }
doctor-failed-fix = 위의 원인을 해결한 다음 각 멤버에게 `/update 멤버:`를 실행하세요(또는 `/sync`).

## 누가 어떤 역할을 줄 수 있는지 (issue 23)

permission-administrator = 관리자
permission-manage-guild = 서버 관리
permission-manage-roles = 역할 관리
permission-ban-members = 멤버 차단하기
permission-kick-members = 멤버 추방하기
permission-manage-webhooks = 웹후크 관리하기
rank-missing-manage-roles = 이 서버에서 내 역할이 가진 '역할 관리' 권한이 필요합니다
rank-missing-manage-guild = 이 서버에서 내 역할이 가진 '서버 관리' 권한이 필요합니다
rank-not-below = { $role } 역할은 내 최상위 역할보다 아래에 있지 않으므로 봇이 주게 할 수 없습니다(직접 역할을 줄 때와 같은 Discord 규칙). 그보다 높은 역할을 가진 사람이나 서버 소유자에게 부탁하세요.
rank-dangerous = { $role } 역할에는 { $permissions } 권한이 있습니다. 규칙으로 만들면 조건을 만족하는 모든 멤버에게 그 권한이 주어집니다. 서버 소유자나 '관리자' 권한을 가진 멤버만 추가할 수 있습니다.
roles-bypass-refused = `역할:` <@&{ $role }> 역할은 예외 역할입니다. 봇은 이 역할을 가진 멤버를 절대 바꾸지 않으므로, 이 역할을 받은 멤버는 영영 고정됩니다. 다른 역할을 고르거나, 먼저 `/config bypass-role`(역할 없이)로 예외 역할을 해제하거나 다른 역할로 바꾸세요.
roles-vouched = <@&{ $role }> 역할에는 이미 '{ $condition }' 규칙이 있었지만, 소유자도 관리자도 아닌 사람이 추가한 것이었습니다. 이제 내 규칙이 되었고, 봇이 다시 이 역할을 줍니다.
whois-not-member = { $name } 님은 이 서버의 멤버가 아닙니다.
doctor-rule-withheld = <@&{ $role }> 역할에는 { $permissions } 권한이 있고, 그 규칙은 소유자도 관리자도 아닌 사람이 추가했습니다. 봇은 이 역할을 주지 않습니다.
doctor-rule-withheld-fix = 서버 소유자나 관리자가 `/roles add 역할:<@&{ $role }>`로 규칙을 다시 추가하거나, `/roles remove`로 삭제하세요.
doctor-bypass-granted = 예외 역할 <@&{ $role }>이(가) 규칙으로도 주어집니다. 이 역할을 받은 멤버는 영영 고정됩니다.
doctor-bypass-granted-fix = `/roles remove 역할:<@&{ $role }>`로 규칙을 삭제하거나, `/config bypass-role`로 다른 예외 역할을 설정하세요.
