/** The gallery page's CSS: Slack's light theme, approximately (its sizes, greys, buttons and mentions). */
export const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f4; color: #1d1c1d; font: 15px/1.46668 Lato, "Helvetica Neue", Helvetica, "Segoe UI", Arial, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", sans-serif; }
a { color: #1264a3; text-decoration: none; }
code { font: 12px/1.5 Monaco, Menlo, Consolas, "Courier New", monospace; color: #e01e5a; background: rgba(29,28,29,.04); border: 1px solid rgba(29,28,29,.13); border-radius: 3px; padding: 1px 3px; }
.page-header { max-width: 900px; margin: 0 auto; padding: 24px 20px 8px; }
.page-header h1 { margin: 0 0 8px; font-size: 24px; }
.page-header p { color: #616061; margin: 0 0 8px; }
.contents { padding-left: 18px; color: #616061; font-size: 13px; }
.night { max-width: 900px; margin: 0 auto; padding: 0 20px 40px; }
.night-title { font-size: 22px; border-bottom: 2px solid #4a154b; padding-bottom: 6px; margin: 32px 0 8px; }
.night-title span { font-size: 13px; font-weight: 400; color: #616061; margin-left: 8px; }
.scenario { margin: 0 0 28px; padding-top: 8px; }
.scenario h2 { font-size: 17px; margin: 8px 0 2px; }
.caption { margin: 0 0 8px; color: #454245; font-size: 14px; }
.channel { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 0 0 10px; overflow: hidden; }
.channel-bar { font-weight: 900; font-size: 15px; padding: 9px 16px; border-bottom: 1px solid #e8e8e8; margin-bottom: 6px; }
.note { margin: 8px 16px 4px 64px; font-size: 13px; color: #616061; border-left: 2px solid #d1d1d1; padding-left: 8px; }
.note b { color: #454245; }
.note code.typed { color: #1d1c1d; white-space: pre-wrap; word-break: break-word; }
.note.clock { border-left-color: #e8912d; }
.problem { margin: 8px 16px; padding: 8px 12px; background: #fde8ec; border: 1px solid #e01e5a; border-radius: 4px; color: #a01040; font-size: 13px; }
.msg { display: flex; padding: 6px 16px; gap: 8px; }
.msg:hover { background: #f8f8f8; }
.avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #1264a3; color: #fff; font-weight: 900; font-size: 14px; display: flex; align-items: center; justify-content: center; letter-spacing: -0.5px; }
.avatar.small { width: 24px; height: 24px; font-size: 10px; border-radius: 4px; }
.msg-main { flex: 1; min-width: 0; }
.msg-head { display: flex; align-items: baseline; gap: 6px; }
.msg-head b { font-weight: 900; }
.app { font-size: 10px; font-weight: 700; color: #616061; background: rgba(29,28,29,.08); border-radius: 2px; padding: 0 3px; }
.time { font-size: 12px; color: #616061; }
.edited { font-size: 12px; color: #868686; }
.msg-body { word-wrap: break-word; }
.msg-body .text, .section-body .text { white-space: normal; }
.shown-again { margin: 10px 16px 0 60px; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #868686; }
.private { background: #f8f8f8; border-left: 3px solid #1d9bd1; margin: 4px 0; }
.only-you { font-size: 12px; color: #616061; margin: 1px 0 3px; }
.also-sent { font-size: 12px; color: #616061; }
.reactions { margin-top: 4px; display: flex; gap: 4px; }
.reaction { font-size: 12px; border: 1px solid #1d9bd1; background: rgba(29,155,209,.1); border-radius: 12px; padding: 0 7px; color: #1264a3; font-weight: 700; }
.thread { margin-top: 6px; border-left: 2px solid #e8e8e8; padding-left: 0; }
.thread .msg { padding: 5px 8px; }
.thread-count { font-size: 13px; font-weight: 700; color: #1264a3; padding: 0 10px; }
.earlier { font-size: 12px; color: #868686; padding: 0 10px; }
.block { margin: 2px 0; }
.section { display: flex; gap: 12px; align-items: flex-start; }
.section-body { flex: 1; min-width: 0; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 4px; }
.accessory { flex: none; }
.context { font-size: 12px; color: #616061; display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; }
.context blockquote { margin: 2px 0; }
.header { font-size: 18px; font-weight: 900; margin: 6px 0; }
.divider { border: 0; border-top: 1px solid #e8e8e8; margin: 10px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; align-items: center; }
blockquote { margin: 4px 0; padding: 0 0 0 12px; border-left: 4px solid #ddd; }
.pre { font: 12px/1.5 Monaco, Menlo, Consolas, monospace; background: rgba(29,28,29,.04); border: 1px solid rgba(29,28,29,.13); border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; }
.rich-section { white-space: pre-wrap; }
.rich-list { margin: 2px 0; padding-left: 22px; }
.mention { background: rgba(29,155,209,.1); color: #1264a3; border-radius: 3px; padding: 0 2px; font-weight: 500; }
.mention.broadcast { background: rgba(242,199,68,.4); color: #1d1c1d; }
.emoji { font-family: "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji", sans-serif; }
.emoji-code { color: #616061; }
.btn { display: inline-flex; align-items: center; height: 28px; padding: 0 12px; border: 1px solid rgba(29,28,29,.3); border-radius: 4px; font-size: 13px; font-weight: 700; background: #fff; color: #1d1c1d; white-space: nowrap; }
.btn.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.btn.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.btn.overflow { padding: 0 8px; }
.ext { font-weight: 400; }
.select { display: inline-flex; align-items: center; gap: 6px; min-width: 160px; height: 32px; padding: 0 10px; border: 1px solid rgba(29,28,29,.3); border-radius: 4px; font-size: 14px; background: #fff; }
.select.multi { flex-wrap: wrap; height: auto; min-height: 32px; }
.select .caret { margin-left: auto; color: #616061; }
.options { display: block; font-size: 11px; color: #868686; margin-top: 2px; }
.chip { background: rgba(29,155,209,.1); border-radius: 3px; padding: 0 4px; }
.placeholder { color: #868686; }
.image-box.large { display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 6px; width: 360px; max-width: 100%; height: 180px; margin: 4px 0; background: repeating-linear-gradient(45deg, #f0f0f0, #f0f0f0 10px, #e8e8e8 10px, #e8e8e8 20px); border: 1px solid #ddd; border-radius: 6px; color: #454245; text-align: center; padding: 12px; }
.image-box.tiny { display: inline-flex; width: 20px; height: 20px; align-items: center; justify-content: center; background: #eee; border-radius: 3px; font-size: 12px; }
.image-icon { font-size: 26px; }
.image-title { font-weight: 700; }
.alt { font-size: 13px; font-style: italic; }
.attachment { border-left: 4px solid #ddd; padding-left: 10px; margin: 4px 0; }
.unknown { display: inline-block; border: 1px dashed #e01e5a; color: #e01e5a; padding: 2px 6px; font-size: 12px; border-radius: 3px; }
.view-wrap { margin: 10px 16px 10px 60px; }
.view-caption { font-size: 12px; color: #868686; margin-bottom: 4px; }
.modal { width: 520px; max-width: 100%; background: #fff; border-radius: 8px; box-shadow: 0 0 0 1px rgba(29,28,29,.13), 0 18px 48px rgba(0,0,0,.22); overflow: hidden; }
.modal-head { display: flex; align-items: center; gap: 10px; padding: 16px 24px; border-bottom: 1px solid #e8e8e8; }
.modal-title { font-size: 20px; font-weight: 900; flex: 1; }
.close { color: #616061; }
.modal-body { padding: 12px 24px 16px; }
.modal-foot { display: flex; justify-content: flex-end; gap: 12px; padding: 14px 24px; border-top: 1px solid #e8e8e8; }
.modal-foot .btn { height: 36px; padding: 0 16px; font-size: 15px; }
.input { margin: 14px 0; }
.label { font-weight: 700; margin-bottom: 6px; }
.optional { font-weight: 400; color: #616061; }
.hint { font-size: 13px; color: #616061; margin-top: 4px; }
.error { font-size: 13px; color: #e01e5a; margin-top: 4px; }
.has-error .text-input, .has-error .select, .has-error .file-input { border-color: #e01e5a; box-shadow: 0 0 0 1px #e01e5a; }
.text-input { position: relative; border: 1px solid rgba(29,28,29,.3); border-radius: 4px; padding: 8px 10px; min-height: 40px; font-size: 15px; white-space: pre-wrap; word-break: break-word; }
.text-input.multiline { min-height: 88px; }
.limits { position: absolute; right: 6px; bottom: 2px; font-size: 10px; color: #868686; }
.file-input { border: 1px dashed rgba(29,28,29,.4); border-radius: 6px; padding: 14px; text-align: center; color: #454245; font-size: 14px; }
.files { display: flex; flex-wrap: wrap; gap: 8px; }
.file { border: 1px solid rgba(29,28,29,.2); border-radius: 6px; padding: 6px 10px; font-size: 14px; }
.file-rules { font-size: 12px; color: #868686; margin-top: 4px; }
.choices { display: flex; flex-direction: column; gap: 4px; }
.choice { display: flex; gap: 8px; align-items: flex-start; }
.mark { font-size: 16px; line-height: 1.2; color: #868686; }
.mark.on { color: #1264a3; }
.choice-description { font-size: 13px; color: #616061; }
.home { width: 780px; max-width: 100%; background: #fff; border: 1px solid #ddd; border-radius: 8px; overflow: hidden; }
.home-head { display: flex; align-items: center; gap: 10px; padding: 12px 20px 0; border-bottom: 1px solid #e8e8e8; flex-wrap: wrap; }
.home-head .avatar { width: 28px; height: 28px; font-size: 11px; }
.home-head b { font-size: 18px; font-weight: 900; }
.tabs { display: flex; gap: 18px; width: 100%; margin-top: 8px; font-size: 14px; }
.tab { padding: 6px 0; color: #616061; }
.tab.on { color: #1d1c1d; font-weight: 700; border-bottom: 2px solid #1264a3; }
.home-body { padding: 12px 20px 18px; }
`;
