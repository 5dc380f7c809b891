<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>Check</name>
    <message>
        <source>%1 models: %2</source>
        <translation>моделей: %1: %2</translation>
    </message>
    <message>
        <source>%1 answered: %2</source>
        <translation>%1 ответила: %2</translation>
    </message>
    <message>
        <source>%1: session accepted (type %2, output %3)</source>
        <translation>%1: сеанс принят (тип %2, вывод %3)</translation>
    </message>
    <message>
        <source>no answer within %1 s (the server may be hung)</source>
        <translation>нет ответа за %1 с (сервер, возможно, завис)</translation>
    </message>
    <message>
        <source>cannot reach the server: connection refused (nothing listens at that address and port)</source>
        <translation>не удаётся связаться с сервером: соединение отклонено (по этому адресу и порту никто не слушает)</translation>
    </message>
    <message>
        <source>cannot reach the server: unknown host name</source>
        <translation>не удаётся связаться с сервером: неизвестное имя хоста</translation>
    </message>
    <message>
        <source>cannot reach the server: %1</source>
        <translation>не удаётся связаться с сервером: %1</translation>
    </message>
</context>
<context>
    <name>ClearCorrectionsRow</name>
    <message>
        <source>Undo clear</source>
        <translation>Вернуть правки</translation>
    </message>
    <message>
        <source>Cleared your corrections of %1.</source>
        <translation>Ваши правки сняты: %1.</translation>
    </message>
    <message>
        <source>Clear my corrections…</source>
        <translation>Очистить мои правки…</translation>
    </message>
    <message>
        <source>You corrected the roles of %1.</source>
        <translation>Вы исправили роли: %1.</translation>
    </message>
    <message>
        <source>Clear my corrections</source>
        <translation>Очистить мои правки</translation>
    </message>
    <message>
        <source>Forget your roles for %1? The analysis will show its own verdicts for them again.</source>
        <translation>Забыть ваши роли (%1)? Для этих абзацев снова будут видны выводы анализа.</translation>
    </message>
    <message>
        <source>Clear %1</source>
        <translation>Очистить (%1)</translation>
    </message>
</context>
<context>
    <name>Compare</name>
    <message>
        <source>Comparing with %1…</source>
        <translation>Сравниваю с методом «%1»…</translation>
    </message>
    <message>
        <source>Comparison failed</source>
        <translation>Сравнение не удалось</translation>
    </message>
    <message>
        <source>%1 vs %2: %3 % agree, %4 paragraphs differ.</source>
        <translation>%1 и %2: согласие %3 %, расходятся абзацев: %4.</translation>
    </message>
    <message>
        <source>both</source>
        <translation>оба</translation>
    </message>
    <message>
        <source>&amp;Compare with…</source>
        <translation>&amp;Сравнить с…</translation>
    </message>
    <message>
        <source>Next &amp;disagreement</source>
        <translation>Следующее &amp;расхождение</translation>
    </message>
    <message>
        <source>Previous d&amp;isagreement</source>
        <translation>Предыдущее р&amp;асхождение</translation>
    </message>
</context>
<context>
    <name>CoreErrors</name>
    <message>
        <source>Cannot reach the server at %1. Check the base URL and that the server is running.</source>
        <translation>Не удаётся связаться с сервером %1. Проверьте адрес сервера и что сервер запущен.</translation>
    </message>
    <message>
        <source>The server at %1 stopped answering: nothing came for %2 s.</source>
        <translation>Сервер %1 перестал отвечать: ничего не приходило %2 с.</translation>
    </message>
    <message>
        <source>The server asked to slow down (HTTP 429); it can be asked again in %1 s.</source>
        <translation>Сервер попросил снизить темп (HTTP 429); повторить можно через %1 с.</translation>
    </message>
    <message>
        <source>The server failed (HTTP %1).</source>
        <translation>Ошибка на сервере (HTTP %1).</translation>
    </message>
    <message>
        <source>The server rejected the request (HTTP %1): check the API key, the model and the settings.</source>
        <translation>Сервер отклонил запрос (HTTP %1): проверьте ключ API, модель и настройки.</translation>
    </message>
    <message>
        <source>Cannot reach the server</source>
        <translation>Не удаётся связаться с сервером</translation>
    </message>
    <message>
        <source>The server stopped answering</source>
        <translation>Сервер перестал отвечать</translation>
    </message>
    <message>
        <source>The connection broke in the middle of the answer</source>
        <translation>Соединение оборвалось посреди ответа</translation>
    </message>
    <message>
        <source>The server asked to slow down</source>
        <translation>Сервер попросил снизить темп</translation>
    </message>
    <message>
        <source>The server failed</source>
        <translation>Ошибка на сервере</translation>
    </message>
    <message>
        <source>The server rejected the request</source>
        <translation>Сервер отклонил запрос</translation>
    </message>
    <message>
        <source>This server has no Realtime endpoint</source>
        <translation>У этого сервера нет Realtime</translation>
    </message>
    <message>
        <source>The server&apos;s answer could not be read</source>
        <translation>Ответ сервера не удалось прочитать</translation>
    </message>
    <message>
        <source>Every method that could answer is down for now</source>
        <translation>Все методы, которые могли бы ответить, сейчас недоступны</translation>
    </message>
    <message>
        <source>An internal error</source>
        <translation>Внутренняя ошибка</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>The %1 method needs an OpenAI API key: set OPENAI_API_KEY or enter it in Settings (or turn on demo mode to use the built-in local server).</source>
        <translation>Методу %1 нужен ключ OpenAI API: задайте OPENAI_API_KEY или введите ключ в настройках (либо включите демо-режим со встроенным локальным сервером).</translation>
    </message>
    <message>
        <source>The %1 method is not available yet in this version.</source>
        <translation>Метод %1 пока недоступен в этой версии.</translation>
    </message>
    <message>
        <source>The draft is empty: there is nothing to analyse.</source>
        <translation>Черновик пуст: анализировать нечего.</translation>
    </message>
</context>
<context>
    <name>Corrections</name>
    <message>
        <source>Correction not saved</source>
        <translation>Правка не сохранена</translation>
    </message>
    <message>
        <source>Your correction of paragraph %1 is removed.</source>
        <translation>Ваша правка абзаца %1 снята.</translation>
    </message>
    <message>
        <source>Paragraph %1 marked as %2 (yours). &quot;Remove my correction&quot; undoes it.</source>
        <translation>Абзац %1 отмечен как «%2» (ваша правка). Отменить: «Убрать мою правку».</translation>
    </message>
</context>
<context>
    <name>Details</name>
    <message>
        <source>not analysed yet</source>
        <translation>ещё не проанализирован</translation>
    </message>
    <message>
        <source>waiting for the answer…</source>
        <translation>ждёт ответа…</translation>
    </message>
    <message>
        <source>analysed</source>
        <translation>проанализирован</translation>
    </message>
    <message>
        <source>edited since it was analysed</source>
        <translation>изменён после анализа</translation>
    </message>
    <message>
        <source>analysis failed</source>
        <translation>анализ не удался</translation>
    </message>
    <message>
        <source>fallback (the first backend failed)</source>
        <translation>запасной путь (первый источник не ответил)</translation>
    </message>
    <message>
        <source>hedge (the first backend was slow)</source>
        <translation>страховка (первый источник медлил)</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>Also</source>
        <translation>Ещё</translation>
    </message>
    <message>
        <source>provisional</source>
        <translation>предварительно</translation>
    </message>
    <message>
        <source>cached</source>
        <translation>из кэша</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>Источник</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Задержка</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>мс</translation>
    </message>
    <message>
        <source>Relevance</source>
        <translation>Близость к теме</translation>
    </message>
    <message>
        <source>Complexity</source>
        <translation>Сложность</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Paragraph</source>
        <translation>Абзац</translation>
    </message>
    <message>
        <source>Last result (before the edit):</source>
        <translation>Прежний результат (до правки):</translation>
    </message>
    <message>
        <source>Re-analysis failed</source>
        <translation>Повторный анализ не удался</translation>
    </message>
    <message>
        <source>confidence %1</source>
        <translation>уверенность %1</translation>
    </message>
    <message>
        <source>uncertain (%1)</source>
        <translation>неуверенно (%1)</translation>
    </message>
    <message>
        <source>uncertain (%1) — maybe %2</source>
        <translation>неуверенно (%1) — возможно, %2</translation>
    </message>
    <message>
        <source>Analyser&apos;s verdict</source>
        <translation>Вывод анализа</translation>
    </message>
    <message>
        <source>refined</source>
        <translation>уточнено</translation>
    </message>
    <message>
        <source>yours</source>
        <translation>ваша правка</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>Put the cursor in a paragraph to see its analysis.</source>
        <translation>Поставьте курсор в абзац, чтобы увидеть его разбор.</translation>
    </message>
    <message>
        <source>Correct this paragraph&apos;s role: yours is kept for its text and shown instead of the analysis</source>
        <translation>Исправить роль абзаца: ваша роль запоминается для его текста и показывается вместо вывода анализа</translation>
    </message>
</context>
<context>
    <name>DocumentMap</name>
    <message>
        <source>Document map: every paragraph in its role colour, as tall as its share of the text; the line is its relevance to the topic; the frame is what the editor shows. Click to jump.</source>
        <translation>Карта текста: каждый абзац окрашен цветом своей роли, его высота — доля в тексте; линия — близость к теме; рамка — видимая в редакторе часть. Щёлкните, чтобы перейти.</translation>
    </message>
</context>
<context>
    <name>DraftEditor</name>
    <message>
        <source>Paste or type your draft here, or open a file (Ctrl+O).</source>
        <translation>Вставьте или наберите черновик здесь либо откройте файл (Ctrl+O).</translation>
    </message>
</context>
<context>
    <name>EventLog</name>
    <message>
        <source>time</source>
        <translation>время</translation>
    </message>
    <message>
        <source>backend</source>
        <translation>источник</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>напр.</translation>
    </message>
    <message>
        <source>event</source>
        <translation>событие</translation>
    </message>
    <message>
        <source>Protocol events of the network backends (the API key never shows). Expand an event to read its JSON.</source>
        <translation>События протокола сетевых методов (ключ API никогда не показывается). Раскройте событие, чтобы прочитать его JSON.</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>%1 was changed on disk by another program. Your text here is unchanged; saving will ask whether to overwrite, reload or save as.</source>
        <translation>Файл %1 изменён на диске другой программой. Ваш текст здесь не тронут; при сохранении DraftLens спросит, перезаписать файл, перечитать его или сохранить под другим именем.</translation>
    </message>
    <message>
        <source>Cannot open the file</source>
        <translation>Не удаётся открыть файл</translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation>Открыт %1.</translation>
    </message>
    <message>
        <source>Open draft</source>
        <translation>Открыть черновик</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>Не удаётся сохранить</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Сохранён %1.</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Не сохранено</translation>
    </message>
    <message>
        <source>%1 was changed on disk by another program; it was not overwritten.</source>
        <translation>Файл %1 изменён на диске другой программой; он не перезаписан.</translation>
    </message>
    <message>
        <source>The file changed on disk</source>
        <translation>Файл изменён на диске</translation>
    </message>
    <message>
        <source>%1 was changed by another program since you opened or saved it.</source>
        <translation>Файл %1 изменён другой программой после того, как вы его открыли или сохранили.</translation>
    </message>
    <message>
        <source>Overwrite it with your version, reload it from disk (your version is kept: Undo brings it back), or save your version under another name?</source>
        <translation>Перезаписать его вашей версией, загрузить заново с диска (ваша версия сохранится: «Отменить» вернёт её) или сохранить вашу версию под другим именем?</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Перезаписать</translation>
    </message>
    <message>
        <source>Reload from disk</source>
        <translation>Перечитать с диска</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>Сохранить как…</translation>
    </message>
    <message>
        <source>Change the file&apos;s encoding?</source>
        <translation>Сменить кодировку файла?</translation>
    </message>
    <message>
        <source>Save it as UTF-8 instead?</source>
        <translation>Сохранить его в UTF-8?</translation>
    </message>
    <message>
        <source>Save as UTF-8</source>
        <translation>Сохранить в UTF-8</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>Сохранить черновик</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <source>The draft has unsaved changes. Save them first?</source>
        <translation>В черновике есть несохранённые изменения. Сохранить их?</translation>
    </message>
    <message>
        <source>A recovery file of DraftLens could not be read: %1.</source>
        <translation>Файл восстановления DraftLens не удалось прочитать: %1.</translation>
    </message>
    <message>
        <source>It is kept, so nothing is lost; discard it if you do not need it.</source>
        <translation>Он сохранён, так что ничего не потеряно; удалите его, если он не нужен.</translation>
    </message>
    <message>
        <source>Damaged recovery file</source>
        <translation>Повреждённый файл восстановления</translation>
    </message>
    <message>
        <source>(%1 more after this one.)</source>
        <translation>(После этого — ещё %1.)</translation>
    </message>
    <message>
        <source>DraftLens did not close properly, and unsaved text was kept:</source>
        <translation>DraftLens закрылся некорректно, несохранённый текст сбережён:</translation>
    </message>
    <message>
        <source>Restore it now?</source>
        <translation>Восстановить его сейчас?</translation>
    </message>
    <message>
        <source>Restore unsaved draft?</source>
        <translation>Восстановить несохранённый черновик?</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
    <message>
        <source>Keep for later</source>
        <translation>Оставить на потом</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Restored the unsaved draft.</source>
        <translation>Несохранённый черновик восстановлен.</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Экспорт не удался</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удаётся записать %1: %2</translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>Экспортирован %1.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>API key kept for this session only</source>
        <translation>Ключ API сохранён только на этот сеанс</translation>
    </message>
    <message>
        <source>Not reloaded</source>
        <translation>Не загружено заново</translation>
    </message>
    <message>
        <source>Your version could not be kept (%1), so the file was not reloaded.</source>
        <translation>Вашу версию не удалось сохранить (%1), поэтому файл не загружен заново.</translation>
    </message>
    <message>
        <source>Reloaded %1 from disk. Your version is kept in %2; Undo (Ctrl+Z) brings it back.</source>
        <translation>%1 загружен заново с диска. Ваша версия сохранена в %2; «Отменить» (Ctrl+Z) вернёт её.</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <source>No findings: the draft&apos;s shape looks fine.</source>
        <translation>Замечаний нет: с формой текста всё в порядке.</translation>
    </message>
    <message>
        <source>Analyse the draft to see findings about its shape.</source>
        <translation>Проанализируйте текст, чтобы увидеть замечания о его форме.</translation>
    </message>
    <message>
        <source>Since the last analysis: %1</source>
        <translation>С прошлого анализа: %1</translation>
    </message>
</context>
<context>
    <name>HealthChips</name>
    <message>
        <source>closed</source>
        <translation>закрыт</translation>
    </message>
    <message>
        <source>half-open</source>
        <translation>полуоткрыт</translation>
    </message>
    <message>
        <source>open</source>
        <translation>открыт</translation>
    </message>
    <message>
        <source>%1 circuit breaker: %2</source>
        <translation>Предохранитель %1: %2</translation>
    </message>
    <message>
        <source>Requests %1, succeeded %2; failures: %3</source>
        <translation>Запросов %1, успешных %2; сбоев: %3</translation>
    </message>
    <message>
        <source>Latency %1; first token %2</source>
        <translation>Задержка %1; первый токен %2</translation>
    </message>
    <message>
        <source>Fallbacks taken %1, hedges %2; tokens in %3, out %4</source>
        <translation>Запасных путей %1, страховок %2; токенов на входе %3, на выходе %4</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Last failure: %1</source>
        <translation>Последний сбой: %1</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>unknown</source>
        <translation>неизвестна</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;Roles and colours</source>
        <translation>&amp;Роли и цвета</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Сочетания клавиш</translation>
    </message>
    <message>
        <source>&amp;About DraftLens</source>
        <translation>&amp;О программе DraftLens</translation>
    </message>
    <message>
        <source>Each paragraph gets a main role (and sometimes a second one) relative to the draft&apos;s topic. The editor colours the paragraph&apos;s background by its main role; some roles also change the text style, so colour is never the only cue.</source>
        <translation>Каждый абзац получает основную роль (иногда и вторую) относительно темы черновика. Редактор окрашивает фон абзаца цветом основной роли; некоторые роли меняют и начертание текста, так что цвет никогда не единственный признак.</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>ждёт</translation>
    </message>
    <message>
        <source>sent for analysis, no answer yet (hatched)</source>
        <translation>отправлен на анализ, ответа ещё нет (штриховка)</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>изменён</translation>
    </message>
    <message>
        <source>changed since it was analysed: the faint colour is the old result</source>
        <translation>изменён после анализа: бледный цвет — прежний результат</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>the analysis failed (wavy underline); earlier results stay, faded</source>
        <translation>анализ не удался (волнистое подчёркивание); прежние результаты остаются, бледнее</translation>
    </message>
    <message>
        <source>The document map beside the editor shows the same colours: each band is a paragraph, as tall as its share of the text; the line is its relevance to the topic; the frame is the part the editor shows.</source>
        <translation>Карта текста рядом с редактором показывает те же цвета: каждая полоса — абзац, её высота — доля абзаца в тексте; линия — близость к теме; рамка — часть, видимая в редакторе.</translation>
    </message>
    <message>
        <source>Roles and colours</source>
        <translation>Роли и цвета</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
    <message>
        <source>&lt;h3&gt;DraftLens %1&lt;/h3&gt;&lt;p&gt;See what every paragraph of your draft does: ten semantic roles relative to the topic, streamed live from a local classifier or an OpenAI-compatible server.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DraftLens %1&lt;/h3&gt;&lt;p&gt;Показывает, что делает каждый абзац черновика: десять смысловых ролей относительно темы, потоком — от локального классификатора или OpenAI-совместимого сервера.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About DraftLens</source>
        <translation>О программе DraftLens</translation>
    </message>
</context>
<context>
    <name>LatencyChart</name>
    <message>
        <source>%1 requests, none answered</source>
        <translation>запросов: %1, ни одного ответа</translation>
    </message>
    <message>
        <source>%1 requests · p50 %2 ms · p95 %3 ms</source>
        <translation>запросов: %1 · p50 %2 мс · p95 %3 мс</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>ошибок: %1</translation>
    </message>
    <message>
        <source>%1 refused, answered on retry</source>
        <translation>отказано, но ответ при повторе: %1</translation>
    </message>
    <message>
        <source>● total · △ first token · × failed · + refused, then answered on retry · □ Hybrid fallback or hedge · dashed line: p95</source>
        <translation>● всего · △ первый токен · × ошибка · + отказ, затем ответ при повторе · □ запасной или страховочный запрос Гибрида · пунктир: p95</translation>
    </message>
    <message>
        <source>latency</source>
        <translation>задержка</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>мс</translation>
    </message>
    <message>
        <source>time since start</source>
        <translation>время от начала</translation>
    </message>
    <message>
        <source>s</source>
        <translation>с</translation>
    </message>
    <message>
        <source>No requests yet.</source>
        <translation>Запросов пока нет.</translation>
    </message>
</context>
<context>
    <name>LegendPanel</name>
    <message>
        <source>Count: paragraphs with this main role · share of the draft&apos;s text</source>
        <translation>Число: абзацы с этой основной ролью · доля в тексте черновика</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>ждёт</translation>
    </message>
    <message>
        <source>Sent for analysis, no answer yet.</source>
        <translation>Отправлен на анализ, ответа ещё нет.</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>изменён</translation>
    </message>
    <message>
        <source>Changed since it was analysed: the faint colour is the old result.</source>
        <translation>Изменён после анализа: бледный цвет — прежний результат.</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>The analysis failed; wavy underline. Details in the Paragraph panel.</source>
        <translation>Анализ не удался; волнистое подчёркивание. Подробности — на панели «Абзац».</translation>
    </message>
    <message>
        <source>◀ Prev</source>
        <translation>◀ Пред.</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>След. ▶</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Показать все</translation>
    </message>
    <message>
        <source>Colour every role again</source>
        <translation>Снова раскрасить все роли</translation>
    </message>
    <message>
        <source>Previous paragraph of the selected role (Alt+Up)</source>
        <translation>Предыдущий абзац выбранной роли (Alt+Вверх)</translation>
    </message>
    <message>
        <source>Next paragraph of the selected role (Alt+Down)</source>
        <translation>Следующий абзац выбранной роли (Alt+Вниз)</translation>
    </message>
    <message>
        <source>%1 · %2% of the text</source>
        <translation>%1 · %2% текста</translation>
    </message>
    <message>
        <source>Nothing analysed yet.</source>
        <translation>Пока ничего не проанализировано.</translation>
    </message>
    <message>
        <source>%1 analysed.</source>
        <translation>Проанализировано: %1.</translation>
    </message>
    <message>
        <source>%1 of %2 analysed.</source>
        <translation>Проанализировано %1 из %2.</translation>
    </message>
    <message>
        <source>unsure</source>
        <translation>неуверенно</translation>
    </message>
    <message>
        <source>The analyser is not sure of this role (confidence below one half): a paler colour. Details in the Paragraph panel.</source>
        <translation>Анализ не уверен в этой роли (уверенность ниже половины): цвет бледнее. Подробности — в панели «Абзац».</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Topic of the draft (what it is about)</source>
        <translation>Тема черновика (о чём он)</translation>
    </message>
    <message>
        <source>What the draft is about: roles are judged against it. Remembered for each file.</source>
        <translation>О чём черновик: роли оцениваются относительно темы. Запоминается для каждого файла.</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>Принять</translation>
    </message>
    <message>
        <source>Use the suggested topic (the draft&apos;s title)</source>
        <translation>Принять предложенную тему (заголовок черновика)</translation>
    </message>
    <message>
        <source>Analyze</source>
        <translation>Анализ</translation>
    </message>
    <message>
        <source>Analyse every paragraph (Ctrl+Enter)</source>
        <translation>Проанализировать все абзацы (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Стоп</translation>
    </message>
    <message>
        <source>Stop the analysis (Esc)</source>
        <translation>Остановить анализ (Esc)</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>На лету</translation>
    </message>
    <message>
        <source>Re-analyse edited paragraphs after you pause typing</source>
        <translation>Заново анализировать изменённые абзацы, когда вы делаете паузу в наборе</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Анализ</translation>
    </message>
    <message>
        <source> Topic: </source>
        <translation> Тема: </translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Роли</translation>
    </message>
    <message>
        <source>Paragraph</source>
        <translation>Абзац</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Готово.</translation>
    </message>
    <message>
        <source>Suggested: %1</source>
        <translation>Предлагается: %1</translation>
    </message>
    <message>
        <source>No topic given: using the suggested topic (the draft&apos;s title). Change it in the Topic field.</source>
        <translation>Тема не задана: взята предложенная тема (заголовок черновика). Её можно изменить в поле «Тема».</translation>
    </message>
    <message>
        <source>Nothing to analyse</source>
        <translation>Нечего анализировать</translation>
    </message>
    <message>
        <source>Method unavailable</source>
        <translation>Метод недоступен</translation>
    </message>
    <message>
        <source>Switched to %1: restarting the analysis.</source>
        <translation>Переключено на %1: анализ перезапущен.</translation>
    </message>
    <message>
        <source>Analysis failed</source>
        <translation>Анализ не удался</translation>
    </message>
    <message>
        <source>Earlier results of %1 are kept and marked as stale (faded, wavy underline).</source>
        <translation>Прежние результаты (%1) сохранены и помечены как устаревшие (бледнее, волнистое подчёркивание).</translation>
    </message>
    <message>
        <source>%1. Press Ctrl+Enter to analyse.</source>
        <translation>%1. Нажмите Ctrl+Enter для анализа.</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Без имени</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>готов</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>недоступен</translation>
    </message>
    <message>
        <source>last run failed</source>
        <translation>последний запуск не удался</translation>
    </message>
    <message>
        <source>Could not save settings: %1</source>
        <translation>Не удалось сохранить настройки: %1</translation>
    </message>
</context>
<context>
    <name>MarkMenu</name>
    <message>
        <source>Mark as…</source>
        <translation>Отметить как…</translation>
    </message>
    <message>
        <source>Your own role for this paragraph: kept for its text, whatever the analysis says</source>
        <translation>Ваша роль для этого абзаца: запоминается для его текста, что бы ни сказал анализ</translation>
    </message>
    <message>
        <source>Remove my correction</source>
        <translation>Убрать мою правку</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>Report as Markdown…</source>
        <translation>Отчёт в Markdown…</translation>
    </message>
    <message>
        <source>Report as HTML…</source>
        <translation>Отчёт в HTML…</translation>
    </message>
    <message>
        <source>Report as JSON…</source>
        <translation>Отчёт в JSON…</translation>
    </message>
    <message>
        <source>Report as CSV…</source>
        <translation>Отчёт в CSV…</translation>
    </message>
    <message>
        <source>Latency chart as PNG…</source>
        <translation>График задержек в PNG…</translation>
    </message>
    <message>
        <source>English sample draft</source>
        <translation>Пример черновика на английском</translation>
    </message>
    <message>
        <source>Russian sample draft (Русский)</source>
        <translation>Пример черновика на русском</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Новый</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Открыть…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Открыть &amp;недавний</translation>
    </message>
    <message>
        <source>Open &amp;Sample</source>
        <translation>Открыть &amp;пример</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Сохранить &amp;как…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Экспорт</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Analysis</source>
        <translation>&amp;Анализ</translation>
    </message>
    <message>
        <source>&amp;Analyze</source>
        <translation>&amp;Анализировать</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Остановить</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>Show &amp;all roles</source>
        <translation>Показать &amp;все роли</translation>
    </message>
    <message>
        <source>&amp;Next paragraph of the role</source>
        <translation>&amp;Следующий абзац роли</translation>
    </message>
    <message>
        <source>&amp;Previous paragraph of the role</source>
        <translation>&amp;Предыдущий абзац роли</translation>
    </message>
    <message>
        <source>Clear the latency chart</source>
        <translation>Очистить график задержек</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Настройки</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Параметры…</translation>
    </message>
    <message>
        <source>&amp;Live mode</source>
        <translation>Анализ на &amp;лету</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
</context>
<context>
    <name>MethodSwitcher</name>
    <message>
        <source>Local</source>
        <translation>Локально</translation>
    </message>
    <message>
        <source>Hybrid</source>
        <translation>Гибрид</translation>
    </message>
    <message>
        <source>Offline classifier on this computer: instant, no key needed.</source>
        <translation>Классификатор на этом компьютере: мгновенно, без сети и ключа.</translation>
    </message>
    <message>
        <source>OpenAI-compatible Chat Completions, streamed.</source>
        <translation>OpenAI-совместимый Chat Completions, потоком.</translation>
    </message>
    <message>
        <source>OpenAI Realtime API over a WebSocket.</source>
        <translation>OpenAI Realtime API через WebSocket.</translation>
    </message>
    <message>
        <source>Realtime first; what it cannot answer goes to REST (also mid-answer). The status bar shows each backend&apos;s circuit breaker.</source>
        <translation>Сначала Realtime; то, на что он не ответил, уходит в REST (даже посреди ответа). В строке состояния — предохранитель каждого источника.</translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation>Недоступно: %1</translation>
    </message>
</context>
<context>
    <name>PerformancePanel</name>
    <message>
        <source>Performance</source>
        <translation>Производительность</translation>
    </message>
    <message>
        <source>&amp;Performance panel</source>
        <translation>Панель &amp;производительности</translation>
    </message>
    <message>
        <source>Request latency chart and protocol event log</source>
        <translation>График задержек запросов и журнал событий протокола</translation>
    </message>
</context>
<context>
    <name>Plural</name>
    <message>
        <source>paragraph</source>
        <translation>абзац</translation>
    </message>
    <message>
        <source>paragraphs (2-4)</source>
        <translation>абзаца</translation>
    </message>
    <message>
        <source>paragraphs</source>
        <translation>абзацев</translation>
    </message>
    <message>
        <source>word</source>
        <translation>слово</translation>
    </message>
    <message>
        <source>words (2-4)</source>
        <translation>слова</translation>
    </message>
    <message>
        <source>words</source>
        <translation>слов</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Перейти к:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;Тип файлов:</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <source>an untitled draft</source>
        <translation>черновик без имени</translation>
    </message>
    <message>
        <source>Last autosaved: %1</source>
        <translation>Последнее автосохранение: %1</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>Findings</source>
        <translation>Замечания</translation>
    </message>
    <message>
        <source>Findings (%1)</source>
        <translation>Замечания (%1)</translation>
    </message>
</context>
<context>
    <name>RoleRow</name>
    <message>
        <source>In the editor: coloured background and %1.</source>
        <translation>В редакторе: цветной фон и %1.</translation>
    </message>
    <message>
        <source>Click to colour only these paragraphs.</source>
        <translation>Щёлкните, чтобы раскрасить только эти абзацы.</translation>
    </message>
    <message>
        <source>Paragraphs whose main role this is, and their share of the draft&apos;s text (by characters).</source>
        <translation>Абзацы с этой основной ролью и их доля в тексте черновика (по символам).</translation>
    </message>
</context>
<context>
    <name>RoleStyle</name>
    <message>
        <source>bold text</source>
        <translation>жирный текст</translation>
    </message>
    <message>
        <source>italic text</source>
        <translation>курсив</translation>
    </message>
    <message>
        <source>dotted underline</source>
        <translation>точечное подчёркивание</translation>
    </message>
    <message>
        <source>dashed underline</source>
        <translation>штриховое подчёркивание</translation>
    </message>
    <message>
        <source>dash-dot underline</source>
        <translation>штрихпунктирное подчёркивание</translation>
    </message>
    <message>
        <source>solid underline</source>
        <translation>сплошное подчёркивание</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>develops, expands or continues the main topic</source>
        <translation>развивает, расширяет или продолжает основную тему</translation>
    </message>
    <message>
        <source>illustrates the topic with a concrete case, analogue or everyday situation</source>
        <translation>поясняет тему конкретным случаем, аналогом или житейской ситуацией</translation>
    </message>
    <message>
        <source>a meaningful departure: cultural, philosophical or emotional reflection</source>
        <translation>осмысленное отступление: культурное, философское или эмоциональное размышление</translation>
    </message>
    <message>
        <source>a concise statement of the central idea or main conclusion</source>
        <translation>сжатая формулировка центральной идеи или главного вывода</translation>
    </message>
    <message>
        <source>unrelated to the topic, adds no value</source>
        <translation>не относится к теме, ничего не добавляет</translation>
    </message>
    <message>
        <source>figurative expression, comparison, allegory</source>
        <translation>образное выражение, сравнение, аллегория</translation>
    </message>
    <message>
        <source>meant to amuse; irony, sarcasm</source>
        <translation>чтобы развлечь; ирония, сарказм</translation>
    </message>
    <message>
        <source>a bridge between parts of the text</source>
        <translation>мостик между частями текста</translation>
    </message>
    <message>
        <source>an explicit or implicit switch to another topic</source>
        <translation>явный или неявный переход к другой теме</translation>
    </message>
    <message>
        <source>stresses a difference, opposition or conflict of ideas</source>
        <translation>подчёркивает различие, противопоставление или столкновение идей</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <source>%1: failed — %2</source>
        <translation>%1: ошибка — %2</translation>
    </message>
    <message>
        <source>%1: analysing… %2/%3</source>
        <translation>%1: анализ… %2/%3</translation>
    </message>
    <message>
        <source>%1: stopped at %2/%3</source>
        <translation>%1: остановлено на %2/%3</translation>
    </message>
    <message>
        <source>%1: all %2 failed</source>
        <translation>%1: ошибка во всех абзацах (%2)</translation>
    </message>
    <message>
        <source>%1: %2 of %3 answered in %4 s</source>
        <translation>%1: получено ответов: %2 из %3 за %4 с</translation>
    </message>
    <message>
        <source>%1: done %2/%3 in %4 s</source>
        <translation>%1: готово %2/%3 за %4 с</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>ошибок: %1</translation>
    </message>
    <message>
        <source>%1 answered after a retry</source>
        <translation>ответов после повтора: %1</translation>
    </message>
    <message>
        <source>%1 stale results dropped</source>
        <translation>отброшено устаревших результатов: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Server</source>
        <translation>Сервер</translation>
    </message>
    <message>
        <source>Empty: $OPENAI_BASE_URL, else OpenAI. Any OpenAI-compatible server works (Ollama, LM Studio, llama.cpp, vLLM).</source>
        <translation>Пусто: $OPENAI_BASE_URL, иначе OpenAI. Подойдёт любой OpenAI-совместимый сервер (Ollama, LM Studio, llama.cpp, vLLM).</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Модель</translation>
    </message>
    <message>
        <source>Chat Completions model (REST and Hybrid&apos;s fallback).</source>
        <translation>Модель Chat Completions (REST и запасной путь Гибрида).</translation>
    </message>
    <message>
        <source>Realtime model</source>
        <translation>Модель Realtime</translation>
    </message>
    <message>
        <source>Realtime API model (Realtime and Hybrid).</source>
        <translation>Модель Realtime API (Realtime и Гибрид).</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Демо-режим</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>Interface language; takes effect after a restart.</source>
        <translation>Язык интерфейса; действует после перезапуска.</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Размер пакета</translation>
    </message>
    <message>
        <source>Consecutive paragraphs per REST request.</source>
        <translation>Подряд идущих абзацев в одном запросе REST.</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>Параллельность</translation>
    </message>
    <message>
        <source>REST requests in flight at once.</source>
        <translation>Одновременных запросов REST.</translation>
    </message>
    <message>
        <source>Context paragraphs</source>
        <translation>Абзацы контекста</translation>
    </message>
    <message>
        <source>Neighbours sent around each batch.</source>
        <translation>Соседних абзацев вокруг каждого пакета.</translation>
    </message>
    <message>
        <source>Connect timeout (s)</source>
        <translation>Тайм-аут соединения (с)</translation>
    </message>
    <message>
        <source>Request timeout (s)</source>
        <translation>Тайм-аут запроса (с)</translation>
    </message>
    <message>
        <source>Total time one request may take.</source>
        <translation>Сколько всего может длиться один запрос.</translation>
    </message>
    <message>
        <source>No-progress timeout (s)</source>
        <translation>Тайм-аут без прогресса (с)</translation>
    </message>
    <message>
        <source>Silence after which a server counts as hung.</source>
        <translation>Молчание, после которого сервер считается зависшим.</translation>
    </message>
    <message>
        <source>Max retries</source>
        <translation>Повторов не более</translation>
    </message>
    <message>
        <source>Retries of a failed request (retryable errors only).</source>
        <translation>Повторы неудавшегося запроса (только для устранимых ошибок).</translation>
    </message>
    <message>
        <source>Realtime sessions</source>
        <translation>Сеансы Realtime</translation>
    </message>
    <message>
        <source>WebSocket sessions in the pool.</source>
        <translation>Сеансов WebSocket в пуле.</translation>
    </message>
    <message>
        <source>In-flight per session</source>
        <translation>Запросов на сеанс</translation>
    </message>
    <message>
        <source>Responses in flight per session.</source>
        <translation>Одновременных ответов на один сеанс.</translation>
    </message>
    <message>
        <source>Breaker: consecutive failures</source>
        <translation>Предохранитель: ошибок подряд</translation>
    </message>
    <message>
        <source>Hybrid: failures in a row that open a backend&apos;s breaker.</source>
        <translation>Гибрид: сколько ошибок подряд размыкают предохранитель метода.</translation>
    </message>
    <message>
        <source>Breaker: failure rate</source>
        <translation>Предохранитель: доля ошибок</translation>
    </message>
    <message>
        <source>Hybrid: failure share over the window that opens the breaker (0-1).</source>
        <translation>Гибрид: доля ошибок в окне, размыкающая предохранитель (0–1).</translation>
    </message>
    <message>
        <source>Breaker: window</source>
        <translation>Предохранитель: окно</translation>
    </message>
    <message>
        <source>Requests in the sliding window.</source>
        <translation>Запросов в скользящем окне.</translation>
    </message>
    <message>
        <source>Breaker: minimum samples</source>
        <translation>Предохранитель: минимум запросов</translation>
    </message>
    <message>
        <source>Fewest requests before the rate counts.</source>
        <translation>Сколько запросов нужно, чтобы доля ошибок учитывалась.</translation>
    </message>
    <message>
        <source>Breaker: cool-down (s)</source>
        <translation>Предохранитель: пауза (с)</translation>
    </message>
    <message>
        <source>Seconds open before one trial request.</source>
        <translation>Секунд в разомкнутом состоянии до пробного запроса.</translation>
    </message>
    <message>
        <source>Hedging</source>
        <translation>Страховочные запросы</translation>
    </message>
    <message>
        <source>Hybrid: also ask the other backend when the first is slower than its recent p95.</source>
        <translation>Гибрид: спросить и другой метод, если первый отвечает медленнее своего недавнего p95.</translation>
    </message>
    <message>
        <source>Hedge budget</source>
        <translation>Бюджет страховки</translation>
    </message>
    <message>
        <source>Share of requests that may be hedged (0-1).</source>
        <translation>Доля запросов, которые можно страховать (0–1).</translation>
    </message>
    <message>
        <source>Local when both are down</source>
        <translation>Локально, если оба недоступны</translation>
    </message>
    <message>
        <source>Hybrid: provisional Local answers when neither network backend works.</source>
        <translation>Гибрид: предварительные локальные ответы, когда не работает ни один сетевой метод.</translation>
    </message>
    <message>
        <source>Local (offline, on this computer)</source>
        <translation>Локально (без сети, на этом компьютере)</translation>
    </message>
    <message>
        <source>REST (Chat Completions)</source>
        <translation>REST (Chat Completions)</translation>
    </message>
    <message>
        <source>Realtime (WebSocket)</source>
        <translation>Realtime (WebSocket)</translation>
    </message>
    <message>
        <source>Hybrid (Realtime, falls back to REST)</source>
        <translation>Гибрид (Realtime, при сбое — REST)</translation>
    </message>
    <message>
        <source>models</source>
        <translation>модели</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>чат</translation>
    </message>
    <message>
        <source>realtime</source>
        <translation>Realtime</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Язык системы</translation>
    </message>
    <message>
        <source>DraftLens settings</source>
        <translation>Настройки DraftLens</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Анализ</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Дополнительно</translation>
    </message>
    <message>
        <source>Batching, concurrency, timeouts, circuit breaker and hedging: for power users</source>
        <translation>Пакеты, параллельность, тайм-ауты, предохранитель и страховочные запросы: для опытных пользователей</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Метод</translation>
    </message>
    <message>
        <source>A key is stored (type to replace)</source>
        <translation>Ключ сохранён (введите новый, чтобы заменить)</translation>
    </message>
    <message>
        <source>sk-… (kept in the system keyring)</source>
        <translation>sk-… (хранится в системном хранилище ключей)</translation>
    </message>
    <message>
        <source>Kept in the system keyring (or $OPENAI_API_KEY), never in the settings file.</source>
        <translation>Хранится в системном хранилище ключей (или в $OPENAI_API_KEY), никогда — в файле настроек.</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Ключ API</translation>
    </message>
    <message>
        <source>Demo mode: REST, Realtime and Hybrid talk to a small server on this computer that answers like OpenAI, so you can try them offline, without a key (answers come from the Local analyser).</source>
        <translation>Демо-режим: REST, Realtime и Гибрид обращаются к небольшому серверу на этом компьютере, который отвечает как OpenAI, — их можно попробовать без сети и без ключа (ответы даёт локальный анализатор).</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Проверить соединение</translation>
    </message>
    <message>
        <source>Ask the server for its models, try the chat model and open a Realtime session (takes a few seconds)</source>
        <translation>Запросить у сервера список моделей, проверить чат-модель и открыть сеанс Realtime (несколько секунд)</translation>
    </message>
    <message>
        <source>Try the network methods offline</source>
        <translation>Попробовать сетевые методы без сети</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Проверка…</translation>
    </message>
    <message>
        <source>The check failed:</source>
        <translation>Проверка не удалась:</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>мс</translation>
    </message>
    <message>
        <source>The server works with DraftLens.</source>
        <translation>Сервер работает с DraftLens.</translation>
    </message>
    <message>
        <source>Something does not work yet: see the steps above.</source>
        <translation>Что-то пока не работает: см. шаги выше.</translation>
    </message>
</context>
</TS>
