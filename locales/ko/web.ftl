# 결과 페이지와 첫 페이지 (한국어).

page-footer = resonite-verify · Resonite 계정을 Discord에 연결합니다
landing-title = Resonite 계정 연결
landing-about = 이 서버는 Discord 멤버를 Resonite 계정에 연결하고, Resonite 프로필(서포터 상태, 태그)에 따라 역할을 부여하는 Discord 봇의 서버입니다.
landing-how = 계정을 연결하려면 Discord 서버에서 { $command }을(를) 입력하고 나타나는 버튼을 누르세요.
page-close = 이 페이지를 닫고 Discord로 돌아가셔도 됩니다.

linked-title = 계정이 연결되었습니다
linked-body = Resonite 계정 { $resonite }({ $resonite_id })이(가) 이제 Discord 계정 { $discord }에 연결되었습니다.
linked-offer = 내 Discord 프로필에 표시하기
linked-back = Discord 서버로 돌아가기

pushed-title = Discord 프로필에 표시되었습니다
pushed-body = 이제 Discord 계정 { $discord }의 프로필에 Resonite 계정 { $resonite }이(가) 연결로 표시되며, 서버의 연결된 역할을 받을 수 있습니다.
pushed-pending = 지금 Discord가 바쁩니다. 프로필은 곧 업데이트되며, 따로 하실 일은 없습니다.
note-pushed = 이제 Discord 프로필에 Resonite 계정이 표시되며, 서버의 연결된 역할을 받을 수 있습니다.
note-pushed-owed = 곧 Discord 프로필에 Resonite 계정이 표시됩니다(Discord가 바쁩니다).

not-found-title = 페이지를 찾을 수 없습니다
not-found-explanation = 이 주소에는 아무것도 없습니다.
not-found-next = Resonite 계정을 연결하려면 Discord에서 /link를 사용하세요.
too-long-title = 주소가 너무 깁니다
too-long-explanation = 이 주소는 봇이 만드는 어떤 링크보다도 깁니다.
too-long-next = Discord에서 /link를 사용해 새 링크를 받으세요.

## Resonite와 연결 사이의 확인 페이지

confirm-title = 이 계정들을 연결할까요?
confirm-body = Resonite 계정 { $resonite }({ $resonite_id })을(를) Discord 계정 { $discord }에 연결할까요?
confirm-body-server = Resonite 계정 { $resonite }({ $resonite_id })을(를) 서버 { $server }의 Discord 계정 { $discord }에 연결할까요?
confirm-warning = Discord에서 직접 /link를 실행해 시작한 경우에만 연결을 누르세요. 누군가 이 링크를 보냈다면 취소를 누르세요. 그렇지 않으면 그 사람이 내 Resonite 계정과 그 역할을 가져가게 됩니다.
confirm-link = 연결
confirm-cancel = 취소
confirm-expires = 연결을 누르기 전에는 아무것도 연결되지 않습니다. 이 페이지는 한 번만, 제한된 시간 동안만 작동합니다.
cancelled-title = 아무것도 연결되지 않았습니다
cancelled-explanation = 취소를 눌렀으므로 계정이 연결되지 않았고 아무것도 바뀌지 않았습니다.
cancelled-next = 계정을 연결하려면 Discord에서 /link를 다시 실행하세요.

## 완료되지 않은 연결

link-again = Discord에서 /link를 다시 실행해 새 버튼을 받으세요.
link-try-later = 몇 분 후에 /link로 다시 시도해 주세요.
link-denied-title = 연결이 취소되었습니다
link-denied-explanation = Resonite에서 접근을 거부하셔서 아무것도 연결되지 않았습니다.
link-denied-next = 실수였다면 Discord에서 /link를 다시 실행하세요.
link-provider-title = Resonite가 요청을 거부했습니다
link-provider-explanation = Resonite가 "{ $code }" 오류로 응답했습니다. 아무것도 연결되지 않았습니다.
link-incomplete-title = 불완전한 링크입니다
link-incomplete-explanation = 이 주소에는 Resonite가 돌려보내는 정보 중 일부가 빠져 있습니다.
link-expired-title = 이 링크는 만료되었거나 이미 사용되었습니다
link-expired-explanation = 각 /link 버튼은 정해진 시간 동안 한 번만 작동합니다.
link-browser-title = 로그인한 브라우저에서 확인하세요
link-browser-explanation = 이 링크는 다른 브라우저의 것이거나, 같은 브라우저임을 증명하는 정보를 브라우저가 보내지 않았습니다. 아무것도 연결되지 않았습니다.
link-taken-title = 이미 연결된 계정입니다
link-taken-explanation = Resonite 계정 { $resonite }은(는) 이미 다른 Discord 계정에 연결되어 있습니다. 아무것도 변경되지 않았습니다.
link-taken-next = 먼저 다른 Discord 계정에서 연결을 해제하거나(/unlink) 서버 관리자에게 도움을 요청하세요.
link-resonite-title = Resonite가 연결을 완료하지 못했습니다
link-resonite-explanation = Resonite와 통신하는 중에 문제가 생겼습니다. 아무것도 연결되지 않았습니다.
link-database-title = 1분 후에 다시 시도해 주세요
link-database-explanation = 지금 봇의 데이터베이스가 응답하지 않아 아무것도 연결되지 않았습니다. /link 버튼은 아직 쓸 수 있습니다.
link-database-next = 1분 기다린 뒤 Discord에서 같은 /link 버튼을 다시 누르세요(또는 /link를 실행하세요).
link-database-confirm-explanation = 지금 봇의 데이터베이스가 응답하지 않아 아무것도 연결되지 않았습니다. 이 확인은 한동안 유효합니다.
link-database-confirm-next = 1분 정도 기다린 뒤 이전 페이지로 돌아가 연결을 다시 누르세요.
link-ours-title = 저희 쪽에서 문제가 생겼습니다
link-ours-explanation = 봇이 연결을 저장하지 못했습니다. 아무것도 변경되지 않았습니다.

## 완료되지 않은 Discord 연결된 역할

connect-again = 처음부터 다시 하려면 Discord에서 서버의 연결된 역할을(또는 이 페이지 주소를) 다시 여세요.
connect-try-later = 몇 분 후에 다시 시도해 주세요.
connect-denied-title = 연결이 취소되었습니다
connect-denied-explanation = Discord에서 거부하셔서 아무것도 연결되지 않았습니다.
connect-provider-title = Discord가 요청을 거부했습니다
connect-provider-explanation = Discord가 오류로 응답했습니다. 아무것도 연결되지 않았습니다.
connect-incomplete-title = 불완전한 주소입니다
connect-incomplete-explanation = 이 주소에는 Discord가 돌려보내는 정보 중 일부가 빠져 있습니다.
connect-expired-title = 이 링크는 만료되었거나 이미 사용되었습니다
connect-expired-explanation = Discord 인증 화면은 정해진 시간 동안 한 번만 쓸 수 있습니다.
connect-discord-title = Discord가 연결을 완료하지 못했습니다
connect-discord-explanation = Discord와 통신하는 중에 문제가 생겼습니다. 아무것도 연결되지 않았습니다.
connect-ours-title = 저희 쪽에서 문제가 생겼습니다
connect-ours-explanation = 봇이 연결을 저장하지 못했습니다. 아무것도 변경되지 않았습니다.
