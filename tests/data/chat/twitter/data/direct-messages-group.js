window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1280476511187574785",
      "messages" : [
        { "joinConversation" : { "initiatingUserId" : "14", "participantsSnapshot" : [ "14", "5551", "777" ], "createdAt" : "2020-07-07T12:00:00.000Z" } },
        { "messageCreate" : { "reactions" : [ ], "urls" : [ ], "text" : "Group hello", "mediaUrls" : [ ], "senderId" : "777", "id" : "1280476611187574785", "createdAt" : "2020-07-07T12:00:30.000Z" } },
        { "participantsLeave" : { "userIds" : [ "5551" ], "createdAt" : "2020-07-07T12:10:00.000Z" } },
        { "messageCreate" : { "text" : "still here", "senderId" : "14", "id" : "1280476711187574785", "createdAt" : "2020-07-07T12:15:00.000Z" } }
      ]
    }
  }
]
