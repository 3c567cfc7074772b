# Security: limits on what one client may use of the callback server (src/web/serve),
# and the key rotation line of /doctor.

limited-title = 요청이 너무 많습니다
limited-explanation = 이 브라우저 또는 네트워크에서 봇이 1분 동안 응답하는 것보다 많은 요청을 보냈습니다.
limited-next = 1분 기다린 뒤 링크를 다시 여세요. 잃어버린 것은 없습니다.

# /doctor: TOKEN_ENCRYPTION_KEY가 아닌 키로 봉인된 리프레시 토큰이 있는 동안.
doctor-tokens-old = 리프레시 토큰 { $count }개가 아직 이전 키로 봉인되어 있습니다 (봇 전체).
doctor-tokens-old-fix = 봇이 10분마다 백그라운드에서 TOKEN_ENCRYPTION_KEY로 다시 봉인합니다. 이 줄이 사라질 때까지 운영자는 TOKEN_ENCRYPTION_KEY_OLD를 설정해 두세요. 봇에 더 이상 없는 키로 봉인된 토큰은 다시 봉인할 수 없으므로, 해당 멤버는 /link를 다시 실행해야 합니다.
