window.YTD.direct_messages.part0 = [
  { "dmConversation" : { "conversationId" : "1-2", "messages" : [
