module kratosproject

go 1.26.0

require github.com/go-kratos/kratos/v2 v2.8.3
