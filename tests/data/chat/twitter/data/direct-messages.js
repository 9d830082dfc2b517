window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "14-5551",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "5551",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Thanks, the replacement board works now.",
            "mediaUrls" : [ ],
            "senderId" : "14",
            "id" : "1101846520118693892",
            "createdAt" : "2019-03-02T13:40:12.114Z"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "14",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Glad to hear! Anything else we can do?",
            "mediaUrls" : [ ],
            "senderId" : "5551",
            "id" : "1101846110918201345",
            "createdAt" : "2019-03-02T13:38:35.503Z"
          }
        }
      ]
    }
  }
]
