rule { id = "test.same", title = "一", severity = "info", kinds = {"department"}, policy = "无", check = function() end }
