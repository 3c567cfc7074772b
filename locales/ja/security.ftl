# Security: limits on what one client may use of the callback server (src/web/serve),
# and the key rotation line of /doctor.

limited-title = リクエストが多すぎます
limited-explanation = このブラウザーまたはネットワークから、ボットが1分間に応答できる数を超えるリクエストが送られました。
limited-next = 1分待ってから、もう一度リンクを開いてください。何も失われていません。

# /doctor: TOKEN_ENCRYPTION_KEY 以外の鍵で封印されたリフレッシュトークンがある間。
doctor-tokens-old = { $count }個のリフレッシュトークンがまだ古い鍵で封印されています（ボット全体）。
doctor-tokens-old-fix = ボットは10分ごとにバックグラウンドで TOKEN_ENCRYPTION_KEY で封印し直します。この行が消えるまで、運用者は TOKEN_ENCRYPTION_KEY_OLD を設定したままにしてください。ボットがもう持っていない鍵で封印されたトークンは封印し直せません。そのメンバーは /link をやり直してください。
