# Discordでの返信・ログチャンネル・DM（日本語）。変数は en-US/discord.ftl を参照。

## どのコマンドでも返るエラー

error-database-away = 現在ボットのデータベースが応答していません。1分ほどしてからもう一度お試しください。
error-internal = ボット側で問題が発生しました。記録済みですので、少し待ってからもう一度お試しください。
error-use-in-server = サーバー内で使ってください。
error-needs-manage-roles = { $what }には「ロールの管理」権限が必要です。
error-needs-manage-guild = { $what }には「サーバー管理」権限が必要です。

## /link と /unlink

link-slash-only = /link はスラッシュコマンドとして使ってください。
link-already =
    Resoniteアカウント **{ $username }**（`{ $resonite_id }`）とリンク済みです。
    別のアカウントをリンクする（またはこのアカウントを更新する）には、下のボタンからResoniteにサインインしてください。
link-intro = 下のボタンからResoniteにサインインして、アクセスを許可してください。リンクが完了するとロールが付与されます。
link-button-expires = このボタンは1回だけ、{ $minutes }分間有効です。
link-button = Resoniteでリンクする
linked-head = ✅ Resoniteアカウント **{ $username }**（`{ $resonite_id }`）とリンクしました。
linked-replaces = これまでのリンク（**{ $old_username }**）は置き換えられました。
roles-on-their-way = ロールはまもなく付与されます。ほかに操作は必要ありません。
link-failed-denied = ❌ リンクは完了しませんでした：Resoniteでアクセスを拒否しました。もう一度試すには `/link` を実行してください。
link-failed-taken = ❌ リンクは完了しませんでした：Resoniteアカウント **{ $username }** はすでに別のDiscordアカウントとリンクされています。もう一度試すには `/link` を実行してください。
link-failed-database = ❌ リンクは完了しませんでした：現在ボットのデータベースが応答していません。1分ほどすると同じボタンがまた使えます。もう一度試すには `/link` を実行してください。
link-failed-resonite = ❌ リンクは完了しませんでした：Resonite側で処理を完了できませんでした。もう一度試すには `/link` を実行してください。
unlink-done = Resoniteアカウント **{ $username }** とのリンクを解除しました。再びリンクするには `/link` を使ってください。
unlink-roles-pending = ボットが管理しているロールを外しています。少し時間がかかることがあります。
unlink-none = リンクされたResoniteアカウントはありません。リンクするには `/link` を使ってください。

## /update

update-use-in-server = /update はサーバー内で使ってください。
update-needs-manage-roles = 他のメンバーを更新するには「ロールの管理」権限が必要です。自分自身はいつでも /update できます。
update-queued = リクエストを受け付けました。1分以内にロールが反映されます（現在Discordの応答が遅れています）。
update-not-member-self = あなたはこのサーバーのメンバーではありません。
update-not-member-other = そのユーザーはこのサーバーのメンバーではありません。
update-not-linked-self = Resoniteアカウントとリンクされていないため、リンクで得られるロールはありません。リンクするには `/link` を使ってください。
update-not-linked-other = { $name } さんはResoniteアカウントとリンクされていないため、リンクで得られるロールはありません。リンクには `/link` を使います。
update-done = ロールを更新しました。
update-up-to-date = ロールはすでに最新です。
update-retrying = 一部のロールについてDiscordから応答がありませんでした。ボットが再試行を続けます。

## /sync

sync-action = 全メンバーの同期
sync-starting = 同期中：開始しています…
sync-progress = 同期中：リンク済みアカウント { $done }/{ $total } 件を確認、ロール変更 { $changed } 件、エラー { $errors } 件。
sync-finished = 同期完了：リンク済みアカウント { $done }/{ $total } 件を確認、ロール変更 { $changed } 件、エラー { $errors } 件。
sync-no-key = Resoniteでの再確認はオフです（TOKEN_ENCRYPTION_KEY が未設定）。ロールはリンク時に保存されたプロフィールをもとに同期されました。
sync-already-running = このサーバーではすでに同期が実行中です。進捗はそのメッセージに表示されます。完了してからもう一度お試しください。

## 同期の結果（メンバー向け）

report-granted = 付与したロール：{ $roles }
report-removed = 外したロール：{ $roles }
report-failed = { $role } を変更できませんでした：{ $why }
report-role-unknown = ロール { $role }
report-list-separator = 、
report-why-permissions = ボットに権限がありません（サーバー管理者がボットのロールを上に移動できます）
report-why-deleted = ロールが削除されています
report-why-transient = Discordから応答がありません。ボットが再試行を続けます
report-why-not-member = メンバーがサーバーにいません
report-why-other = Discordに拒否されました（{ $error }）

## ログチャンネル（サーバーの言語）

log-linked = 🔗 <@{ $user }> さんがResoniteアカウント **{ $username }**（`{ $resonite_id }`）をリンクしました
log-relinked = 🔗 <@{ $user }> さんがResoniteアカウント **{ $username }**（`{ $resonite_id }`）をリンクしました（**{ $old_username }** から切り替え）
log-unlinked = ⛓️‍💥 <@{ $user }> さんがResoniteアカウント **{ $username }**（`{ $resonite_id }`）のリンクを解除しました
log-roles-changed = <@{ $user }>（{ $cause }）：{ $changes }
log-role-deleted = ⚠️ ロール { $role } が削除されたため、そのルールは無効になりました。`/roles remove` で削除するか、別のロールにルールを追加してください。
log-missing-permissions = ⚠️ <@{ $user }> さんの <@&{ $role }> を変更できませんでした：ボットに「ロールの管理」権限を与え、ボットのロールを <@&{ $role }> より上に移動してください。
log-change-failed = ⚠️ <@{ $user }> さんの <@&{ $role }> を変更できませんでした：{ $error }。
log-gave-up = ⚠️ <@{ $user }> さんのロールを1日間更新できなかったため（{ $error }）、ボットは再試行を止めました。`/update` で再試行でき、`/roles list` でまだ失敗している内容を確認できます。
cause-linked = Resoniteアカウントをリンク
cause-unlinked = Resoniteアカウントのリンクを解除
cause-update = リクエストによりロールを更新
cause-joined = サーバーに参加
cause-sweep = 再確認
cause-rules = サーバーのロールルールが変更

## DM（/link をしたときの言語）

dm-link-stale = Resoniteのリンク（**{ $username }**）の更新が必要です。Resoniteがボットのアクセスを受け付けなくなりました。ロールを維持するには、サーバーで `/link` を実行してください。実行しない場合、{ $grace_days }日後にサポーターロールが外されます。
dm-linked-roles-disconnected = DiscordプロフィールのResonite接続が更新されなくなりました。Discordがボットのアクセスを受け付けなくなったためです。再接続するには、サーバーのメニュー → 連携ロール（Linked Roles）を開き、resonite-verify の接続をもう一度選んでください（`/link` の結果ページにあるリンクも使えます）。

## ボットを通じて誰が何をできるか（issue 23）

error-permission-from-roles = このサーバーでのあなたのロールの権限だけが数えられます。1つのチャンネルだけで与えられた権限は数えられません。
unlink-confirm = Resoniteアカウント **{ $username }** とのリンクを解除しますか？ボットはリンクを忘れ、すべてのサーバーでボットが付与したロールを外します。**解除** を押すまで何も変わりません。
unlink-confirm-button = 解除
unlink-cancel-button = リンクを残す
unlink-cancelled = 何も変わっていません。リンクはそのままです。
unlink-not-yours = このボタンは他の人の `/unlink` のものです。
unlink-action = 他のメンバーのリンク解除
unlink-user-none = <@{ $user }> さんにはリンクされたResoniteアカウントがありません。
unlink-user-done = <@{ $user }> さんとResoniteアカウント **{ $username }** のリンクを解除しました。
unlink-user-told = 本人にはDMで知らせました。
unlink-user-not-told = 本人にDMで知らせられませんでした（DMが閉じられています）。
dm-unlinked-by-admin = **{ $server }** の管理者が、あなたのDiscordアカウントとResoniteアカウント **{ $username }** のリンクを解除しました。リンクで得たロールは外されます。再びリンクするには、サーバーで `/link` を実行してください。
