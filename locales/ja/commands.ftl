# Discordのコマンド説明（100文字以内）と選択肢。オプション名は日本語にしています。
# コマンド名は英語のまま（メッセージ中の `/link` などと揃えるため）。

cmd-link-desc = ResoniteアカウントをDiscordアカウントにリンクします。
cmd-unlink-desc = ResoniteアカウントとDiscordアカウントのリンクを解除します（管理者：他のメンバーのリンク）。
cmd-unlink-opt-user-desc = リンクを解除するメンバー（「ロールの管理」権限が必要）。空欄なら自分
cmd-unlink-opt-user-name = メンバー
cmd-whois-desc = あなた（または他のメンバー）がリンクしているResoniteアカウントを表示します。
cmd-whois-opt-user-desc = 調べるメンバー（「ロールの管理」権限が必要）。空欄なら自分
cmd-whois-opt-user-name = メンバー
cmd-update-desc = リンクしたResoniteアカウントをもとに、このサーバーでのロールを更新します（管理者は他のメンバーも）。
cmd-update-opt-user-desc = 更新するメンバー（「ロールの管理」権限が必要）。空欄なら自分
cmd-update-opt-user-name = メンバー
cmd-roles-desc = リンク済みメンバーがResoniteのプロフィールに応じて受け取るロール。
cmd-roles-add-desc = Resoniteのプロフィールが条件を満たすリンク済みメンバーにロールを付与します。
cmd-roles-add-opt-role-desc = 付与するロール
cmd-roles-add-opt-role-name = ロール
cmd-roles-add-opt-rule-desc = Resoniteプロフィールの条件
cmd-roles-add-opt-rule-name = 条件
cmd-roles-add-opt-value-desc = tier/lifetimeはセントか$、monthsは月数、account-ageは日数、tagはタグ
cmd-roles-add-opt-value-name = 値
cmd-roles-add-opt-group-desc = 排他グループ（例：tiers）。メンバーはその中で条件を満たす最上位のロールだけを持ちます
cmd-roles-add-opt-group-name = グループ
cmd-roles-remove-desc = ロールの付与をやめます（そのロールのすべてのルール、または1種類のルール）。
cmd-roles-remove-opt-role-desc = ロール
cmd-roles-remove-opt-role-name = ロール
cmd-roles-remove-opt-rule-desc = この種類のルールだけ。空欄ならそのロールのすべてのルール
cmd-roles-remove-opt-rule-name = 条件
cmd-roles-list-desc = このサーバーのロールルールと、いまボットが適用できないものを表示します。
cmd-config-desc = このサーバーでのボットの設定。
cmd-config-log-channel-desc = リンク・リンク解除・ロール変更をチャンネルに投稿します（空欄で投稿を停止）。
cmd-config-log-channel-opt-channel-desc = チャンネル。空欄にすると投稿を停止します
cmd-config-log-channel-opt-channel-name = チャンネル
cmd-sync-desc = このサーバーのリンク済みメンバー全員をいま再確認し、ロールを修正します。

## 選択肢

choice-rule-linked = リンク済み
choice-rule-supporter = サポーター
choice-rule-patreon = Patreon支援者
choice-rule-tier-at-least = 指定ティア以上
choice-rule-lifetime-at-least = 累計支援額が指定以上
choice-rule-months-at-least = 支援月数が指定以上
choice-rule-tag = タグ
choice-rule-neos-supporter = Neosサポーター
choice-rule-account-age-at-least = アカウント作成から指定日数以上
choice-rule-unlinked = 未リンク

## 確認の設定（issue 11）

cmd-whois-opt-resonite-desc = またはResoniteのユーザー名かU-で始まるID：このサーバーで誰とリンクしているか（「ロールの管理」が必要）
cmd-roles-preview-desc = ルールを追加したら（または今のルールで）何が変わるかを、何も変えずに確認します。
cmd-roles-preview-opt-role-desc = ルールで付与するロール（rule: と一緒に）。空欄なら今のルールを確認
cmd-roles-preview-opt-role-name = ロール
cmd-roles-preview-opt-rule-desc = Resoniteプロフィールの条件
cmd-roles-preview-opt-rule-name = 条件
cmd-roles-preview-opt-value-desc = tier/lifetimeはセントか$、monthsは月数、account-ageは日数、tagはタグ
cmd-roles-preview-opt-value-name = 値
cmd-roles-preview-opt-group-desc = 排他グループ（例：tiers）
cmd-roles-preview-opt-group-name = グループ
cmd-config-bypass-role-desc = このロールを持つメンバーはボットが一切変更しません（空欄なら対象外なし）。
cmd-config-bypass-role-opt-role-desc = このロールのメンバーはロールもニックネームもそのまま。空欄で解除
cmd-config-bypass-role-opt-role-name = ロール
cmd-config-nickname-desc = リンク済みメンバーのニックネームをテンプレートから設定します（空欄で管理を停止）。
cmd-config-nickname-opt-template-desc = 例：{"{display} ({resonite})"}、{"{discord}"} も使えます。空欄なら停止してニックネームを戻します
cmd-config-nickname-opt-template-name = テンプレート
cmd-doctor-desc = このサーバーのロールを正しく保つための設定をすべて点検し、問題ごとに直し方を示します。
