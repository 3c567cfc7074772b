# 한 클라이언트가 콜백 서버를 사용할 수 있는 한도 (src/web/serve).

limited-title = 요청이 너무 많습니다
limited-explanation = 이 브라우저 또는 네트워크에서 봇이 1분 동안 응답하는 것보다 많은 요청을 보냈습니다.
limited-next = 1분 기다린 뒤 링크를 다시 여세요. 잃어버린 것은 없습니다.
