# メッセージでリンク: /link が表示する内容と、Resonite でのボットの返答。
link-intro-message = Resonite でメッセージを送って Resonite アカウントをリンクしてください。リンクされるとロールが付きます。
link-by-message = **Resonite のメッセージでリンク:**
    1. Resonite で **{ $bot }** をコンタクトに追加します。
    2. このコードをメッセージで送ります: `{ $code }`
link-code-expires = コードは { $minutes } 分間、一度だけ使えます。
link-or-sign-in = **または下のボタンで Resonite にサインイン**してください。
msg-linked = リンクしました: あなたの Resonite アカウントは Discord アカウント { $discord } にリンクされました。心当たりがなければ、1 日以内に undo と返信するとリンクを取り消せます。
msg-code-unknown = そのコードは私が発行したものではありません。Discord の /link の返信にあるコードを確認してください (K7Q2-M9XD-4HTW のような形です)。
msg-code-expired = そのコードは期限切れです。Discord でもう一度 /link を実行して新しいコードを受け取ってください。
msg-code-used = そのコードはすでに使われています。Discord でもう一度 /link を実行して新しいコードを受け取ってください。
msg-account-taken = あなたの Resonite アカウントはすでに別の Discord アカウントにリンクされています。先にそちらで解除 (/unlink) してから、もう一度 /link を実行してください。
msg-too-many = 間違ったコードが多すぎます: これから { $minutes } 分間、あなたのメッセージは読みません。
msg-help = こんにちは! Resonite アカウントを Discord にリンクします。Discord サーバーで /link を実行し、表示されたコード (K7Q2-M9XD-4HTW のような形) を送ってください。
msg-undone = 完了: あなたの Resonite アカウントと Discord のリンクを取り消しました。
msg-undo-nothing = 取り消すものはありません: この 1 日にあなたのアカウントからメッセージでリンクされたものはありません。
msg-failed = こちらで問題が起きたため、何もリンクされていません。1 分ほどしてからもう一度コードを送ってください。
