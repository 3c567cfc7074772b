# 結果ページとトップページ（日本語）。

page-footer = resonite-verify · ResoniteアカウントとDiscordをリンクします
landing-title = Resoniteアカウントのリンク
landing-about = このサーバーはDiscordボットのものです。このボットはDiscordのメンバーをResoniteアカウントとリンクし、Resoniteのプロフィール（サポーター状況やタグ）に応じてロールを付与します。
landing-how = アカウントをリンクするには、Discordサーバーで { $command } と入力し、表示されるボタンを押してください。
page-close = このページを閉じてDiscordに戻ってかまいません。

linked-title = アカウントをリンクしました
linked-body = Resoniteアカウント { $resonite }（{ $resonite_id }）が、Discordアカウント { $discord } とリンクされました。
linked-offer = Discordのプロフィールに表示する
linked-back = Discordのサーバーに戻る

pushed-title = Discordのプロフィールに表示しました
pushed-body = Discordアカウント { $discord } のプロフィールに、Resoniteアカウント { $resonite } が接続として表示されるようになり、サーバーの連携ロールを受け取れます。
pushed-pending = 現在Discordが混み合っています。プロフィールはまもなく更新されます。ほかに操作は必要ありません。
note-pushed = DiscordのプロフィールにResoniteアカウントが表示されるようになり、サーバーの連携ロールを受け取れます。
note-pushed-owed = まもなくDiscordのプロフィールにResoniteアカウントが表示されます（Discordが混み合っています）。

not-found-title = ページが見つかりません
not-found-explanation = このアドレスには何もありません。
not-found-next = Resoniteアカウントをリンクするには、Discordで /link を使ってください。
too-long-title = アドレスが長すぎます
too-long-explanation = このアドレスは、ボットが作るどのリンクよりも長くなっています。
too-long-next = Discordで /link を使って新しいリンクを取得してください。

## Resoniteとリンクの間の確認ページ

confirm-title = これらのアカウントをリンクしますか？
confirm-body = Resoniteアカウント { $resonite }（{ $resonite_id }）をDiscordアカウント { $discord } にリンクしますか？
confirm-body-server = Resoniteアカウント { $resonite }（{ $resonite_id }）をサーバー { $server } のDiscordアカウント { $discord } にリンクしますか？
confirm-warning = Discordで自分で /link を実行して始めた場合にだけ「リンクする」を押してください。誰かからこのリンクが送られてきた場合は「キャンセル」を押してください。押すと、その人があなたのResoniteアカウントとそのロールを手に入れてしまいます。
confirm-link = リンクする
confirm-cancel = キャンセル
confirm-expires = 「リンクする」を押すまで何もリンクされません。このページは一度だけ、限られた時間だけ使えます。
cancelled-title = 何もリンクされませんでした
cancelled-explanation = 「キャンセル」が押されたため、アカウントはリンクされず、何も変更されていません。
cancelled-next = やはりアカウントをリンクしたい場合は、Discordでもう一度 /link を実行してください。

## 完了しなかったリンク

link-again = Discordでもう一度 /link を実行して、新しいボタンを取得してください。
link-try-later = 数分後に /link でもう一度お試しください。
link-denied-title = リンクを取り消しました
link-denied-explanation = Resoniteでアクセスを拒否したため、何もリンクされていません。
link-denied-next = 間違えた場合は、Discordでもう一度 /link を実行してください。
link-provider-title = Resoniteがリクエストを拒否しました
link-provider-explanation = Resoniteからエラー「{ $code }」が返されました。何もリンクされていません。
link-incomplete-title = リンクが不完全です
link-incomplete-explanation = このアドレスには、Resoniteから返されるはずの情報の一部が欠けています。
link-expired-title = このリンクは期限切れか、すでに使用されています
link-expired-explanation = /link のボタンは1回だけ、一定時間のみ有効です。
link-browser-title = サインインしたブラウザーで確認してください
link-browser-explanation = このリンクは別のブラウザーのものか、同じブラウザーであることを示す情報がブラウザーから送られてきませんでした。何もリンクされていません。
link-taken-title = このアカウントはすでにリンクされています
link-taken-explanation = Resoniteアカウント { $resonite } はすでに別のDiscordアカウントとリンクされています。何も変更されていません。
link-taken-next = まずもう一方のDiscordアカウントからリンクを解除する（/unlink）か、サーバーの管理者に相談してください。
link-resonite-title = Resoniteでリンクを完了できませんでした
link-resonite-explanation = Resoniteとの通信中に問題が発生しました。何もリンクされていません。
link-database-title = 1分ほどしてからもう一度お試しください
link-database-explanation = 現在ボットのデータベースが応答していないため、何もリンクされていません。/link のボタンはまだ使えます。
link-database-next = 1分ほど待ってから、Discordで同じ /link ボタンをもう一度押してください（または /link を実行してください）。
link-database-confirm-explanation = 現在ボットのデータベースが応答していないため、何もリンクされていません。この確認はしばらくの間有効です。
link-database-confirm-next = 1分ほど待ってから前のページに戻り、もう一度「リンクする」を押してください。
link-ours-title = こちら側で問題が発生しました
link-ours-explanation = ボットがリンクを保存できませんでした。何も変更されていません。

## 完了しなかったDiscordの連携ロール

connect-again = Discordでサーバーの連携ロールをもう一度開いて（またはこのページのアドレスを開いて）、最初からやり直してください。
connect-try-later = 数分後にもう一度お試しください。
connect-denied-title = 接続を取り消しました
connect-denied-explanation = Discordで拒否したため、何も接続されていません。
connect-provider-title = Discordがリクエストを拒否しました
connect-provider-explanation = Discordからエラーが返されました。何も接続されていません。
connect-incomplete-title = アドレスが不完全です
connect-incomplete-explanation = このアドレスには、Discordから返されるはずの情報の一部が欠けています。
connect-expired-title = このリンクは期限切れか、すでに使用されています
connect-expired-explanation = Discordの認証画面へのアクセスは1回だけ、一定時間のみ有効です。
connect-discord-title = Discordで接続を完了できませんでした
connect-discord-explanation = Discordとの通信中に問題が発生しました。何も接続されていません。
connect-ours-title = こちら側で問題が発生しました
connect-ours-explanation = ボットが接続を保存できませんでした。何も変更されていません。
