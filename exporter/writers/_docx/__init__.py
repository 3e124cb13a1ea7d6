"""The Word writer's lower layer beyond WordprocessingML text (`writers.wordml`): the
bar chart as a picture."""
