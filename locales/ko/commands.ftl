# Discord 명령어 설명(100자 이내)과 선택지 이름. 명령어 이름은 영어 그대로 두고(메시지에 `/link` 등으로 나오므로),
# 옵션 이름은 한국어로 했습니다.

cmd-link-desc = Resonite 계정을 Discord 계정에 연결합니다.
cmd-unlink-desc = Resonite 계정과 Discord 계정의 연결을 해제합니다(관리자: 다른 멤버의 연결).
cmd-unlink-opt-user-desc = 연결을 해제할 멤버('역할 관리' 권한 필요). 비워 두면 나
cmd-unlink-opt-user-name = 멤버
cmd-whois-desc = 나(또는 다른 멤버)와 연결된 Resonite 계정을 보여 줍니다.
cmd-whois-opt-user-desc = 조회할 멤버('역할 관리' 권한 필요). 비워 두면 나
cmd-whois-opt-user-name = 멤버
cmd-update-desc = 연결된 Resonite 계정을 기준으로 이 서버에서의 역할을 업데이트합니다(관리자는 다른 멤버도).
cmd-update-opt-user-desc = 업데이트할 멤버('역할 관리' 권한 필요). 비워 두면 나
cmd-update-opt-user-name = 멤버
cmd-roles-desc = 연결된 멤버가 Resonite 프로필에 따라 받는 역할.
cmd-roles-add-desc = Resonite 프로필이 조건을 충족하는 연결된 멤버에게 역할을 부여합니다.
cmd-roles-add-opt-role-desc = 부여할 역할
cmd-roles-add-opt-role-name = 역할
cmd-roles-add-opt-rule-desc = Resonite 프로필에 대한 조건
cmd-roles-add-opt-rule-name = 규칙
cmd-roles-add-opt-value-desc = tier/lifetime: 센트 또는 $, months: 개월 수, account-age: 일수, tag: 태그
cmd-roles-add-opt-value-name = 값
cmd-roles-add-opt-group-desc = 배타적 그룹(예: tiers). 멤버는 그룹에서 충족하는 가장 높은 역할만 가집니다
cmd-roles-add-opt-group-name = 그룹
cmd-roles-remove-desc = 역할 부여를 중단합니다(해당 역할의 모든 규칙 또는 한 종류의 규칙).
cmd-roles-remove-opt-role-desc = 역할
cmd-roles-remove-opt-role-name = 역할
cmd-roles-remove-opt-rule-desc = 이 종류의 규칙만. 비워 두면 해당 역할의 모든 규칙
cmd-roles-remove-opt-rule-name = 규칙
cmd-roles-list-desc = 이 서버의 역할 규칙과, 지금 봇이 적용할 수 없는 규칙을 보여 줍니다.
cmd-config-desc = 이 서버에서의 봇 설정.
cmd-config-log-channel-desc = 연결, 연결 해제, 역할 변경을 채널에 게시합니다(비워 두면 게시 중단).
cmd-config-log-channel-opt-channel-desc = 채널. 비워 두면 게시를 중단합니다
cmd-config-log-channel-opt-channel-name = 채널
cmd-sync-desc = 이 서버의 연결된 멤버 전원을 지금 재확인하고 역할을 바로잡습니다.

## 선택지

choice-rule-linked = 연결됨
choice-rule-supporter = 서포터
choice-rule-patreon = Patreon 후원자
choice-rule-tier-at-least = 티어 이상
choice-rule-lifetime-at-least = 누적 후원액 이상
choice-rule-months-at-least = 후원 개월 수 이상
choice-rule-tag = 태그
choice-rule-neos-supporter = Neos 서포터
choice-rule-account-age-at-least = 계정 나이(일) 이상
choice-rule-unlinked = 연결 안 됨

## 확인 설정 (issue 11)

cmd-whois-opt-resonite-desc = 또는 Resonite 사용자 이름이나 U- ID: 이 서버에서 누구와 연결되어 있는지('역할 관리' 필요)
cmd-roles-preview-desc = 규칙을 추가하면(또는 지금 규칙으로) 무엇이 바뀌는지 아무것도 바꾸지 않고 확인합니다.
cmd-roles-preview-opt-role-desc = 규칙이 부여할 역할(rule:과 함께). 비워 두면 지금 규칙을 미리 보기
cmd-roles-preview-opt-role-name = 역할
cmd-roles-preview-opt-rule-desc = Resonite 프로필에 대한 조건
cmd-roles-preview-opt-rule-name = 규칙
cmd-roles-preview-opt-value-desc = tier/lifetime: 센트 또는 $, months: 개월 수, account-age: 일수, tag: 태그
cmd-roles-preview-opt-value-name = 값
cmd-roles-preview-opt-group-desc = 배타적 그룹(예: tiers)
cmd-roles-preview-opt-group-name = 그룹
cmd-config-bypass-role-desc = 이 역할을 가진 멤버는 봇이 절대 바꾸지 않습니다(비워 두면 예외 없음).
cmd-config-bypass-role-opt-role-desc = 이 역할의 멤버는 역할과 닉네임이 그대로 유지됩니다. 비워 두면 해제
cmd-config-bypass-role-opt-role-name = 역할
cmd-config-nickname-desc = 연결된 멤버의 닉네임을 템플릿으로 정합니다(비워 두면 닉네임 관리 중단).
cmd-config-nickname-opt-template-desc = 예: {"{display} ({resonite})"}, {"{discord}"}도 가능. 비워 두면 중단하고 닉네임을 되돌립니다
cmd-config-nickname-opt-template-name = 템플릿
cmd-doctor-desc = 이 서버의 역할을 올바르게 유지하는 모든 것을 점검하고, 문제마다 해결 방법을 알려 줍니다.
