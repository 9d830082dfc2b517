window.YTD.direct_messages.part1 = [
  {
    "dmConversation" : {
      "conversationId" : "14-777",
      "messages" : [
        { "messageCreate" : { "recipientId" : "777", "text" : "Are you coming on Friday?", "senderId" : "14", "id" : "1201", "createdAt" : "2020-01-10T09:00:00.000Z" } },
        { "messageCreate" : { "recipientId" : "14", "text" : "no sender id", "id" : "1202", "createdAt" : "2020-01-10T09:01:00.000Z" } },
        { "messageCreate" : { "recipientId" : "14", "text" : "bad date", "senderId" : "777", "id" : "1203", "createdAt" : "last Friday" } }
      ]
    }
  }
]
