window.YTD.direct_message_headers.part0 = [ ]
