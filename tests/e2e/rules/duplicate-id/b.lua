rule { id = "test.same", title = "二", severity = "info", kinds = {"department"}, policy = "无", check = function() end }
