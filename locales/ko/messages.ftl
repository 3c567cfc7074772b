# 메시지로 연결: /link가 보여 주는 내용과 Resonite에서 봇이 하는 답변.
link-intro-message = Resonite에서 메시지를 보내 Resonite 계정을 연결하세요. 연결되면 역할이 따라옵니다.
link-by-message = **Resonite 메시지로 연결:**
    1. Resonite에서 **{ $bot }**을(를) 연락처로 추가하세요.
    2. 이 코드를 메시지로 보내세요: `{ $code }`
link-code-expires = 코드는 { $minutes }분 동안 한 번만 쓸 수 있습니다.
link-or-sign-in = **또는 아래 버튼으로 Resonite에 로그인**하세요.
msg-linked = 연결됨: Resonite 계정이 이제 Discord 계정 { $discord }에 연결되었습니다. 본인이 아니라면 하루 안에 undo라고 답장하여 연결을 없애세요.
msg-code-unknown = 제가 발급한 코드가 아닙니다. Discord의 /link 답장에 있는 코드를 확인하세요 (K7Q2-M9XD-4HTW와 같은 모양입니다).
msg-code-expired = 그 코드는 만료되었습니다. Discord에서 /link를 다시 실행해 새 코드를 받으세요.
msg-code-used = 그 코드는 이미 사용되었습니다. Discord에서 /link를 다시 실행해 새 코드를 받으세요.
msg-account-taken = Resonite 계정이 이미 다른 Discord 계정에 연결되어 있습니다. 먼저 그쪽에서 연결을 해제(/unlink)한 뒤 /link를 다시 실행하세요.
msg-too-many = 잘못된 코드가 너무 많습니다: 앞으로 { $minutes }분 동안 메시지를 읽지 않겠습니다.
msg-help = 안녕하세요! Resonite 계정을 Discord에 연결해 드립니다. Discord 서버에서 /link를 실행한 뒤 표시된 코드(K7Q2-M9XD-4HTW와 같은 모양)를 보내 주세요.
msg-undone = 완료: Resonite 계정과 Discord의 연결을 없앴습니다.
msg-undo-nothing = 취소할 것이 없습니다: 지난 하루 동안 이 계정에서 메시지로 만든 연결이 없습니다.
msg-failed = 제 쪽에 문제가 생겨 아무것도 연결되지 않았습니다. 1분 뒤에 코드를 다시 보내 주세요.
